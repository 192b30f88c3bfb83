/**
 * A closed-loop load: `clients` x `inFlight` lanes, each starting its next operation as soon as the
 * previous one answers, until the time or the operation budget runs out (loads are always bounded).
 */

export interface LoopSpec {
  clients: number;
  inFlight: number;
  durationMs: number;
  /** Stops early after this many operations. */
  maxOps: number;
  /** One operation of client `client` (0-based); its promise settles when the answer is in. */
  op(client: number): Promise<unknown>;
}

export interface LoopResult {
  ops: number;
  seconds: number;
  opsPerSecond: number;
  /** Milliseconds per operation, from send to answer. */
  latencyP50: number;
  latencyP99: number;
}

export async function runClosedLoop(spec: LoopSpec): Promise<LoopResult> {
  const latencies: number[] = [];
  let started = 0;
  let failure: unknown = null;
  const begin = performance.now();
  const deadline = begin + spec.durationMs;

  async function lane(client: number): Promise<void> {
    while (failure === null && started < spec.maxOps && performance.now() < deadline) {
      started++;
      const t0 = performance.now();
      try {
        await spec.op(client);
      } catch (error) {
        failure ??= error;
        return;
      }
      latencies.push(performance.now() - t0);
    }
  }

  const lanes: Promise<void>[] = [];
  for (let client = 0; client < spec.clients; client++) for (let lane_ = 0; lane_ < spec.inFlight; lane_++) lanes.push(lane(client));
  await Promise.all(lanes);
  // A figure made of failed calls would be meaningless: the first failure ends the benchmark.
  if (failure !== null) throw failure;
  const seconds = (performance.now() - begin) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { ops: latencies.length, seconds, opsPerSecond: latencies.length / seconds, latencyP50: at(0.5), latencyP99: at(0.99) };
}
