/** A few Prometheus counters and gauges, rendered as text for GET /metrics. */

type Labels = Record<string, string>;

export class Metrics {
  /** Counts by rendered label set; the label text is built once per combination, not per call. */
  private readonly calls = new Map<string, number>();
  private readonly labelCache = new Map<string, string>();
  private openSockets = 0;
  private readonly started = Date.now();

  /** Counts one dispatched call by method name (not id: channel ids would explode the label set). */
  countCall(method: string, transport: string, outcome: string): void {
    const raw = `${method}\n${transport}\n${outcome}`;
    let key = this.labelCache.get(raw);
    if (key === undefined) {
      key = labelText({ method, transport, outcome });
      this.labelCache.set(raw, key);
    }
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
  }

  socketOpened(): void {
    this.openSockets++;
  }

  socketClosed(): void {
    this.openSockets--;
  }

  render(): string {
    const memory = process.memoryUsage();
    const lines = [
      '# HELP logbook_calls_total Method calls by method, transport and outcome (ok or error id).',
      '# TYPE logbook_calls_total counter',
      ...[...this.calls].map(([labels, count]) => `logbook_calls_total{${labels}} ${count}`),
      '# HELP logbook_sockets_open Socket.IO connections open on this node.',
      '# TYPE logbook_sockets_open gauge',
      `logbook_sockets_open ${this.openSockets}`,
      '# HELP process_resident_memory_bytes Resident memory size in bytes.',
      '# TYPE process_resident_memory_bytes gauge',
      `process_resident_memory_bytes ${memory.rss}`,
      '# HELP process_uptime_seconds Seconds since the process started.',
      '# TYPE process_uptime_seconds gauge',
      `process_uptime_seconds ${(Date.now() - this.started) / 1000}`,
    ];
    return `${lines.join('\n')}\n`;
  }
}

function labelText(labels: Labels): string {
  return Object.entries(labels)
    .map(([name, value]) => `${name}="${value.replace(/["\\\n]/g, '_')}"`)
    .join(',');
}
