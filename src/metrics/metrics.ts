/**
 * Prometheus metrics with prom-client, in a registry of this app's own (tests run several apps in one
 * process): calls by method, transport and outcome with their latency, open sockets, and the default
 * process metrics (memory, CPU, event loop lag, GC).
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { CallLatencyHistogram, CallStats } from './call-stats';

export class Metrics {
  readonly registry = new Registry();
  /** One CallStats per method and transport, made on first use; the hot path only adds to its fields. */
  private readonly series = new Map<string, CallStats>();
  private readonly sockets: Gauge;

  constructor() {
    const series = this.series;
    new Counter({
      name: 'logbook_calls_total',
      help: 'Method calls by method, transport and outcome (ok or error id).',
      labelNames: ['method', 'transport', 'outcome'],
      registers: [this.registry],
      // Totals copied in at scrape time: the counter reads exactly what has been recorded.
      collect(this: Counter<'method' | 'transport' | 'outcome'>) {
        this.reset();
        for (const stats of series.values()) {
          if (stats.ok > 0) this.inc({ method: stats.method, transport: stats.transport, outcome: 'ok' }, stats.ok);
          for (const [outcome, count] of stats.failures) this.inc({ method: stats.method, transport: stats.transport, outcome }, count);
        }
      },
    });
    new CallLatencyHistogram({ name: 'logbook_call_duration_seconds', help: 'Time from dispatch to answer, by method and transport.', registers: [this.registry] }, () => series.values());
    this.sockets = new Gauge({ name: 'logbook_sockets_open', help: 'Socket.IO connections open on this node.', registers: [this.registry] });
    collectDefaultMetrics({ register: this.registry });
  }

  /** The stats of a method over a transport, by method name (not id: channel ids would explode the label set). Callers keep it. */
  callStats(method: string, transport: string): CallStats {
    const key = `${method}\n${transport}`;
    let stats = this.series.get(key);
    if (!stats) {
      stats = new CallStats(method, transport);
      this.series.set(key, stats);
    }
    return stats;
  }

  socketOpened(): void {
    this.sockets.inc();
  }

  socketClosed(): void {
    this.sockets.dec();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
