/** What a scenario produces: interleaved samples per system, turned into comparisons with a ratio and a verdict. */
import { medianOf, Spread, spreadOf } from './stats';

/** One measurement of one system: the figure, and where the CPU went meanwhile (% of one core). */
export interface Sample {
  value: number;
  clientCpu: number | null;
  serverCpu: number | null;
  /** The database server (FerretDB), when one is involved. */
  dbCpu?: number | null;
  /** Anything else worth keeping in the JSON (latency percentiles, op counts). */
  extra?: Record<string, number>;
}

export interface SystemFigures {
  system: string;
  spread: Spread;
  clientCpu: number | null;
  serverCpu: number | null;
  dbCpu: number | null;
  samples: Sample[];
}

/** `at-least`: Logbook/baseline must be >= value (throughput); `at-most`: <= value (latency, memory). */
export interface Target {
  kind: 'at-least' | 'at-most';
  value: number;
}

export interface Comparison {
  group: string;
  scenario: string;
  unit: string;
  logbook: SystemFigures;
  /** Null for a figure held against an absolute target (start-up time, RSS, latency). */
  baseline: SystemFigures | null;
  /** Logbook / baseline, per repetition (both measured in the same round), then median and range; null without a baseline. */
  ratio: Spread | null;
  target: Target | null;
  verdict: 'MET' | 'MISSED' | 'no target';
  /** What limits the figure, said by the scenario (e.g. "FerretDB scans the whole collection"). */
  note?: string;
}

export interface MeasuredSystem {
  name: string;
  /** One measurement; `warmup` runs are shorter and discarded. */
  measure(warmup: boolean): Promise<Sample>;
}

/**
 * Measures every system `reps` times, interleaved (A, B, C, A, B, C, ...) after one warm-up each, so
 * that drift of the machine (thermal, other tenants) spreads over all systems alike.
 */
export async function measureInterleaved(systems: MeasuredSystem[], reps: number, log: (line: string) => void): Promise<Map<string, Sample[]>> {
  const samples = new Map<string, Sample[]>(systems.map((system) => [system.name, []]));
  for (const system of systems) await system.measure(true);
  for (let rep = 0; rep < reps; rep++) {
    for (const system of systems) {
      const sample = await system.measure(false);
      samples.get(system.name)!.push(sample);
      log(`    ${system.name.padEnd(34)} rep ${rep + 1}/${reps}: ${formatNumber(sample.value)}  (client CPU ${percent(sample.clientCpu)}, server CPU ${percent(sample.serverCpu)}${sample.dbCpu !== undefined ? `, db CPU ${percent(sample.dbCpu)}` : ''})`);
    }
  }
  return samples;
}

export function figuresOf(system: string, samples: Sample[]): SystemFigures {
  return {
    system,
    spread: spreadOf(samples.map((sample) => sample.value)),
    clientCpu: medianOf(samples.map((sample) => sample.clientCpu)),
    serverCpu: medianOf(samples.map((sample) => sample.serverCpu)),
    dbCpu: samples.some((sample) => sample.dbCpu !== undefined) ? medianOf(samples.map((sample) => sample.dbCpu ?? null)) : null,
    samples,
  };
}

export function compare(options: {
  group: string;
  scenario: string;
  unit: string;
  logbook: SystemFigures;
  baseline: SystemFigures;
  target: Target | null;
  note?: string;
}): Comparison {
  const { logbook, baseline, target } = options;
  const pairs = Math.min(logbook.samples.length, baseline.samples.length);
  const ratios: number[] = [];
  for (let i = 0; i < pairs; i++) ratios.push(logbook.samples[i].value / baseline.samples[i].value);
  const ratio = spreadOf(ratios);
  const met = target === null ? null : target.kind === 'at-least' ? ratio.median >= target.value : ratio.median <= target.value;
  return { ...options, ratio, verdict: met === null ? 'no target' : met ? 'MET' : 'MISSED' };
}

/** A Logbook figure held against an absolute target (the median of its samples against `target.value`). */
export function absolute(options: { group: string; scenario: string; unit: string; logbook: SystemFigures; target: Target | null; note?: string }): Comparison {
  const { median } = options.logbook.spread;
  const { target } = options;
  const met = target === null ? null : target.kind === 'at-least' ? median >= target.value : median <= target.value;
  return { ...options, baseline: null, ratio: null, verdict: met === null ? 'no target' : met ? 'MET' : 'MISSED' };
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? 'n/a' : `${Math.round(value)}%`;
}
