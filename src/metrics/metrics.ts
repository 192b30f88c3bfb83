/**
 * Prometheus metrics with prom-client, in a registry of this app's own (tests run several apps in one
 * process): calls by method, transport and outcome with their latency, open sockets, and the default
 * process metrics (memory, CPU, event loop lag, GC).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

// From a remembered token's 0.1 ms to a slow store's seconds.
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface CallSeries {
  count: { inc(): void };
  latency: { observe(seconds: number): void };
}

export class Metrics {
  readonly registry = new Registry();
  private readonly calls = new Counter({ name: 'logbook_calls_total', help: 'Method calls by method, transport and outcome (ok or error id).', labelNames: ['method', 'transport', 'outcome'], registers: [this.registry] });
  private readonly latency = new Histogram({ name: 'logbook_call_duration_seconds', help: 'Time from dispatch to answer, by method and transport.', labelNames: ['method', 'transport'], buckets: LATENCY_BUCKETS, registers: [this.registry] });
  private readonly sockets = new Gauge({ name: 'logbook_sockets_open', help: 'Socket.IO connections open on this node.', registers: [this.registry] });
  /** Label children made once per label set: the hot path does a Map lookup, not prom-client's label hashing. */
  private readonly series = new Map<string, CallSeries>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Counts one dispatched call by method name (not id: channel ids would explode the label set). */
  countCall(method: string, transport: string, outcome: string, seconds: number): void {
    const key = `${method}\n${transport}\n${outcome}`;
    let series = this.series.get(key);
    if (!series) {
      series = { count: this.calls.labels(method, transport, outcome), latency: this.latency.labels(method, transport) };
      this.series.set(key, series);
    }
    series.count.inc();
    series.latency.observe(seconds);
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
