/** The two run sizes: `--quick` (about three minutes, build included) and the full run (about twenty). */

export interface BenchOptions {
  quick: boolean;
  /** Scenario groups to run (all by default): pipeline, store, fanout, realtime, memory, catchup, scale, roundtrips. */
  only: Set<string>;
  /** Measured repetitions per system, interleaved. */
  reps: number;
  /** Length of one throughput measurement. */
  durationMs: number;
  /** Upper bound on the operations of one measurement, whatever the duration. */
  maxOps: number;
  /** Events in the channel that events.get reads: embedded store, and FerretDB (see docs/benchmarks.md for why smaller). */
  channelEventsEmbedded: number;
  channelEventsMongo: number;
  /** Connected sockets in the fan-out and realtime scenarios (group members), and timed notifications per size and system. */
  fanOutSizes: number[];
  fanOutReps: number;
  /**
   * Unmeasured rounds before each size of the fan-out and realtime groups, for this long: V8 goes on
   * optimising a server's per-write code for thousands of writes, on background threads that share the
   * servers' core, so a short warm-up measures the compiler of one system in the other's latency too.
   */
  latencyWarmupMs: number;
  /** Accounts (= namespaces = sockets) in the memory scenario. */
  memorySockets: number;
  memoryReps: number;
  /** Changes read by one catch-up call, and calls per measurement. */
  catchUpChanges: number;
  catchUpCallsPerRep: number;
  /** Events of the one account the scale group seeds on the embedded store, and its start-ups measured. */
  scaleEvents: number;
  scaleStartups: number;
}

export const GROUPS = ['pipeline', 'store', 'fanout', 'realtime', 'memory', 'catchup', 'scale', 'roundtrips'] as const;

export function parseOptions(argv: string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const onlyArg = argv.find((arg) => arg.startsWith('--only='));
  const only = new Set(onlyArg ? onlyArg.slice('--only='.length).split(',') : GROUPS);
  for (const group of only) if (!(GROUPS as readonly string[]).includes(group)) throw new Error(`unknown group "${group}"; known: ${GROUPS.join(', ')}`);
  return quick
    ? {
        quick,
        only,
        reps: 3,
        durationMs: 400,
        maxOps: 100_000,
        channelEventsEmbedded: 10_000,
        channelEventsMongo: 1_000,
        fanOutSizes: [100, 1000],
        fanOutReps: 60,
        latencyWarmupMs: 1_500,
        memorySockets: 100,
        memoryReps: 2,
        catchUpChanges: 10_000,
        catchUpCallsPerRep: 1,
        scaleEvents: 100_000,
        scaleStartups: 3,
      }
    : {
        quick,
        only,
        reps: 5,
        durationMs: 3000,
        maxOps: 1_000_000,
        channelEventsEmbedded: 100_000,
        channelEventsMongo: 10_000,
        fanOutSizes: [100, 1000],
        fanOutReps: 1000,
        latencyWarmupMs: 10_000,
        memorySockets: 1000,
        memoryReps: 3,
        catchUpChanges: 10_000,
        catchUpCallsPerRep: 3,
        scaleEvents: 1_000_000,
        scaleStartups: 5,
      };
}
