/** Writes bench-results/latest.json (everything) and latest.md (the tables docs/benchmarks.md copies). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { BenchOptions } from '../options';
import { PACKAGE_ROOT } from './context';
import { CAN_PIN } from './children';
import { Comparison, formatNumber, percent, SystemFigures } from './results';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  pinned: boolean;
  packages: Record<string, string>;
  ferretdb: string;
  /** The commit measured, with a mark when src/ had uncommitted changes. */
  commit: string;
  /** 1, 5 and 15 minute load averages at the end of the run: other work on the machine shows here, not in the CPU columns. */
  loadAverage: number[];
}

const PACKAGES = ['socket.io', 'engine.io', 'ws', 'koa', '@koa/router', 'mongodb', 'better-sqlite3', '@feathersjs/feathers', '@feathersjs/koa', '@feathersjs/socketio', '@feathersjs/mongodb'];

export function describeMachine(): Machine {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const packages: Record<string, string> = {};
  for (const name of PACKAGES) {
    try {
      packages[name] = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      packages[name] = 'missing';
    }
  }
  return {
    // os.cpus(), not availableParallelism(): this process is pinned to one core by then.
    cpus: os.cpus().length,
    cpuModel: /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    pinned: CAN_PIN,
    packages,
    ferretdb: ferretdbVersion(),
    commit: commitMeasured(),
    loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
  };
}

function commitMeasured(): string {
  try {
    const run = (...args: string[]) => execFileSync('git', args, { cwd: PACKAGE_ROOT, encoding: 'utf8' }).trim();
    const dirty = run('status', '--porcelain', '--', 'src', 'schemas') !== '';
    return `${run('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes in src/' : ''}`;
  } catch {
    return 'unknown';
  }
}

function ferretdbVersion(): string {
  try {
    return execFileSync('bash', ['-c', 'source scripts/ci/ferretdb.sh && echo $FERRETDB_VERSION'], { cwd: PACKAGE_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function cell(figures: SystemFigures, unit: string): string {
  const { median, min, max } = figures.spread;
  return `${figures.system}: **${formatNumber(median)}** ${unit} (${formatNumber(min)}–${formatNumber(max)})`;
}

function cpuCell(figures: SystemFigures): string {
  const db = figures.dbCpu === null ? '' : ` / db ${percent(figures.dbCpu)}`;
  return `${percent(figures.clientCpu)} / ${percent(figures.serverCpu)}${db}`;
}

function targetCell(comparison: Comparison): string {
  const { target } = comparison;
  if (!target) return '—';
  // An absolute target is in the figure's unit; a ratio target has none.
  return `${target.kind === 'at-least' ? '≥' : '≤'} ${target.value}${comparison.baseline ? '' : ` ${comparison.unit}`}`;
}

export function renderMarkdown(results: Comparison[], machine: Machine, options: BenchOptions, startedAt: Date, seconds: number, sections: string[] = []): string {
  const lines = [
    `# Logbook benchmark (${options.quick ? 'quick' : 'full'} run)`,
    '',
    `${startedAt.toISOString()}, ${Math.round(seconds)} s, commit ${machine.commit}. Machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, ` +
      `${machine.pinned ? 'servers pinned to core 0, load generator to core 1' : 'no pinning (taskset missing or one core)'}; FerretDB ${machine.ferretdb}; ` +
      `load average at the end ${machine.loadAverage.join(' / ')} (1 / 5 / 15 min).`,
    `Packages: ${Object.entries(machine.packages).map(([name, version]) => `${name} ${version}`).join(', ')}.`,
    '',
    `Each figure: median of ${options.reps} interleaved repetitions (fan-out and memory: see their rows), range in parentheses. ` +
      'Ratio = Logbook / baseline per repetition pair, median (min–max). CPU = % of one core: load generator / server (/ database).',
  ];
  for (const group of [...new Set(results.map((result) => result.group))]) {
    lines.push('', `## ${group}`, '', '| scenario | Logbook | baseline | ratio | target | verdict | CPU Logbook run | CPU baseline run |', '|---|---|---|---|---|---|---|---|');
    for (const result of results.filter((r) => r.group === group)) {
      // Percentile rows (fan-out) have one ratio, of the two percentiles: no range to show.
      const range = result.ratio && result.ratio.samples.length > 1 ? ` (${result.ratio.min.toFixed(2)}–${result.ratio.max.toFixed(2)})` : '';
      const ratio = result.ratio ? `**${result.ratio.median.toFixed(2)}**${range}` : '—';
      const baseline = result.baseline ? cell(result.baseline, result.unit) : '—';
      const baselineCpu = result.baseline ? cpuCell(result.baseline) : '—';
      lines.push(`| ${result.scenario} | ${cell(result.logbook, result.unit)} | ${baseline} | ${ratio} | ${targetCell(result)} | ${result.verdict} | ${cpuCell(result.logbook)} | ${baselineCpu} |`);
    }
    const notes = [...new Set(results.filter((r) => r.group === group && r.note).map((r) => r.note!))];
    for (const note of notes) lines.push('', `- ${note}`);
  }
  const met = results.filter((r) => r.verdict === 'MET').length;
  const missed = results.filter((r) => r.verdict === 'MISSED').length;
  lines.push('', `Targets: ${met} met, ${missed} missed, ${results.length - met - missed} without a target.`, '');
  for (const section of sections) lines.push(section, '');
  return lines.join('\n');
}

export function writeReports(results: Comparison[], options: BenchOptions, startedAt: Date, sections: string[] = []): string {
  const seconds = (Date.now() - startedAt.getTime()) / 1000;
  const machine = describeMachine();
  const dir = path.join(PACKAGE_ROOT, 'bench-results');
  fs.mkdirSync(dir, { recursive: true });
  const markdown = renderMarkdown(results, machine, options, startedAt, seconds, sections);
  fs.writeFileSync(path.join(dir, 'latest.md'), markdown);
  const json = { startedAt: startedAt.toISOString(), seconds, mode: options.quick ? 'quick' : 'full', options: { ...options, only: [...options.only] }, machine, results, sections };
  fs.writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
  return markdown;
}
