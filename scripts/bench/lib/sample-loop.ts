/** A closed-loop measurement from the load generator, with the CPU of both sides: one {@link Sample}. */
import { LoopSpec, runClosedLoop } from './closed-loop';
import { LeanLoopSpec, runLeanLoop } from './lean-loop';
import { CpuMeter } from './proc-stats';
import type { Sample } from './results';

/** Warm-ups are shorter: they only need to get the JIT and the connections going. */
export function durationFor(durationMs: number, warmup: boolean): number {
  return warmup ? Math.min(250, durationMs) : durationMs;
}

/** Runs `spec` and reports ops/s with the load generator's, the server's and the database's CPU. */
export async function sampleLoop(spec: LoopSpec, serverPid: number, dbPid: number | null = null): Promise<Sample> {
  const meter = new CpuMeter(dbPid === null ? [serverPid] : [serverPid, dbPid]);
  const result = await runClosedLoop(spec);
  const cpu = meter.stop();
  return {
    value: result.opsPerSecond,
    clientCpu: cpu.client,
    serverCpu: cpu.others[serverPid],
    ...(dbPid === null ? {} : { dbCpu: cpu.others[dbPid] }),
    extra: { ops: result.ops, latencyP50Ms: result.latencyP50, latencyP99Ms: result.latencyP99 },
  };
}

/** Like {@link sampleLoop} for the lean loop of lean-loop.ts (the command pipeline's throughput rows). */
export async function sampleLeanLoop(spec: LeanLoopSpec, serverPid: number): Promise<Sample> {
  const meter = new CpuMeter([serverPid]);
  const result = await runLeanLoop(spec);
  const cpu = meter.stop();
  return {
    value: result.opsPerSecond,
    clientCpu: cpu.client,
    serverCpu: cpu.others[serverPid],
    extra: { ops: result.ops, latencyP50Ms: result.latencyP50, latencyP99Ms: result.latencyP99 },
  };
}
