/**
 * Latency comparisons of Logbook against a baseline (fan-out, realtime): repetitions interleaved,
 * CPU summed over them, then a p50 row and a p99 row (held to a target) in the report.
 */
import type { BenchContext } from './context';
import { processCpuSeconds } from './proc-stats';
import { compare, figuresOf, Sample } from './results';
import { quantile, spreadOf } from './stats';

export interface TimedSystem {
  name: string;
  /** The server processes whose CPU counts (both nodes of a two-node system). */
  pids: number[];
  /** One measurement, in ms. */
  timeOne(): Promise<number>;
}

/**
 * `rounds` measurements of each system in turn, in a random order within each round (A B, B A, ...):
 * the drift of the machine hits both alike, and a disturbance with a period (a timer, a collector)
 * cannot fall on one system every time, as it did once in a fixed A B order (every 36th round). A
 * server's CPU is read once before and once after all rounds (each server is idle while the other is
 * measured; /proc reads between rounds would put work on the path of every measurement); the load
 * generator's own CPU is summed per round.
 */
export async function timeInterleaved(systems: TimedSystem[], rounds: number): Promise<{ times: number[][]; samples: Sample[][] }> {
  const times: number[][] = systems.map(() => []);
  const cpu = systems.map(() => ({ client: 0, server: 0, wall: 0 }));
  const serverCpu = (system: TimedSystem) => system.pids.reduce((sum, pid) => sum + (processCpuSeconds(pid) ?? 0), 0);
  const serverBefore = systems.map(serverCpu);
  const order = systems.map((_, s) => s);
  for (let round = 0; round < rounds; round++) {
    shuffle(order);
    for (const s of order) {
      const system = systems[s];
      const [client0, wall0] = [process.cpuUsage(), performance.now()];
      times[s].push(await system.timeOne());
      const used = process.cpuUsage(client0);
      cpu[s].client += (used.user + used.system) / 1e6;
      cpu[s].wall += (performance.now() - wall0) / 1000;
    }
  }
  for (const [s, system] of systems.entries()) cpu[s].server = serverCpu(system) - serverBefore[s];
  const samples = times.map((values, s) => values.map((value) => ({ value, clientCpu: (cpu[s].client / cpu[s].wall) * 100, serverCpu: (cpu[s].server / cpu[s].wall) * 100 })));
  return { times, samples };
}

/** Fisher–Yates, in place. */
function shuffle(items: number[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}

/**
 * Unmeasured rounds, through the measuring loop itself, until `ms` have passed: fresh sockets are
 * slower at first, V8 optimises each notification's code only after thousands of them (on background
 * threads that take the servers' shared core from whichever system is being measured), and the load
 * generator's own code must be warm too, or its first measured rounds land on one system only.
 */
export async function warmUp(systems: TimedSystem[], ms: number): Promise<number> {
  const end = performance.now() + ms;
  let rounds = 0;
  do {
    await timeInterleaved(systems, 50);
    rounds += 50;
  } while (performance.now() < end);
  return rounds;
}

/** Reports the p50 and p99 of Logbook (first) against the baseline (second); p99 is held to at most `p99Target`. */
export function pushPercentileRows(
  context: BenchContext,
  row: { group: string; scenario: (label: string) => string; names: [string, string]; times: number[][]; samples: Sample[][]; p99Target: number; note: string },
): void {
  for (const [label, q, target] of [['p50', 0.5, null], ['p99', 0.99, row.p99Target]] as const) {
    const [logbookFigures, baseFigures] = [figuresOf(row.names[0], row.samples[0]), figuresOf(row.names[1], row.samples[1])];
    // The row shows the percentile, not the median, with the range of all repetitions beside it.
    logbookFigures.spread = { ...logbookFigures.spread, median: quantile(row.times[0], q) };
    baseFigures.spread = { ...baseFigures.spread, median: quantile(row.times[1], q) };
    const comparison = compare({
      group: row.group,
      scenario: row.scenario(label),
      unit: 'ms',
      logbook: logbookFigures,
      baseline: baseFigures,
      target: target === null ? null : { kind: 'at-most', value: target },
      note: row.note,
    });
    const ratio = logbookFigures.spread.median / baseFigures.spread.median;
    comparison.ratio = spreadOf([ratio]);
    if (target !== null) comparison.verdict = ratio <= target ? 'MET' : 'MISSED';
    context.results.push(comparison);
    context.log(`    ${label}: ${row.names[0]} ${logbookFigures.spread.median.toFixed(1)} ms, ${row.names[1]} ${baseFigures.spread.median.toFixed(1)} ms, ratio ${ratio.toFixed(2)}`);
  }
}
