/**
 * A closed loop without a promise, closure or parse per call: each lane is a function that sends one
 * call and reports its answer through a callback made once per lane. The throughput rows of the
 * command pipeline measure servers that answer in ~10 µs of CPU, so the load generator's own cost
 * per call must stay well below that, or the row measures the generator (see docs/benchmarks.md).
 */
import type { LoopResult } from './closed-loop';

/** Sends one call; calls `done` once with null when it succeeded, or with what went wrong. */
export type Lane = (done: (failure: string | null) => void) => void;

export interface LeanLoopSpec {
  lanes: Lane[];
  durationMs: number;
  /** Stops early after this many operations. */
  maxOps: number;
}

export function runLeanLoop(spec: LeanLoopSpec): Promise<LoopResult> {
  return new Promise((resolve, reject) => {
    // Latencies in a preallocated array: no growth (and no GC of it) while measuring.
    const latencies = new Float64Array(Math.min(spec.maxOps, 20_000_000));
    let started = 0;
    let finished = 0;
    let running = 0;
    let failure: string | null = null;
    const begin = performance.now();
    const deadline = begin + spec.durationMs;

    const end = (): void => {
      if (failure !== null) return reject(new Error(failure));
      const seconds = (performance.now() - begin) / 1000;
      const sorted = latencies.subarray(0, finished).sort();
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
      resolve({ ops: finished, seconds, opsPerSecond: finished / seconds, latencyP50: at(0.5), latencyP99: at(0.99) });
    };

    spec.lanes.forEach((lane) => {
      let sentAt = 0;
      const send = (now: number): void => {
        if (failure !== null || started >= spec.maxOps || now >= deadline) {
          if (--running === 0) end();
          return;
        }
        started++;
        sentAt = now;
        lane(done);
      };
      const done = (laneFailure: string | null): void => {
        const now = performance.now();
        if (laneFailure !== null) failure ??= laneFailure;
        else latencies[finished++] = now - sentAt;
        send(now);
      };
      running++;
      send(performance.now());
    });
    if (running === 0) end();
  });
}
