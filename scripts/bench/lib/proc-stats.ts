/** CPU time and resident memory of any process, read from /proc so the server needs no cooperation. */
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

/** Clock ticks per second for /proc/<pid>/stat; 100 on every Linux we know, asked once to be sure. */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU seconds a process has used so far, or null when /proc cannot tell (not Linux, gone). */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields are counted after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return (utime + stime) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Resident set size in bytes (VmRSS), or null. */
export function processRssBytes(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Measures the CPU that the load generator (this process) and some other processes use during `work`. */
export class CpuMeter {
  private readonly start = process.cpuUsage();
  private readonly startedAt = process.hrtime.bigint();
  private readonly others: Map<number, number | null>;

  constructor(pids: number[]) {
    this.others = new Map(pids.map((pid) => [pid, processCpuSeconds(pid)]));
  }

  /** CPU use since construction as % of one core: `client` is this process, `others` by pid (null when unknown). */
  stop(): { seconds: number; client: number; others: Record<number, number | null> } {
    const seconds = Number(process.hrtime.bigint() - this.startedAt) / 1e9;
    const used = process.cpuUsage(this.start);
    const client = ((used.user + used.system) / 1e6 / seconds) * 100;
    const others: Record<number, number | null> = {};
    for (const [pid, before] of this.others) {
      const after = processCpuSeconds(pid);
      others[pid] = before === null || after === null ? null : ((after - before) / seconds) * 100;
    }
    return { seconds, client, others };
  }
}
