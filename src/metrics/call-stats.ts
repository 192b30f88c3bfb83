/**
 * Calls and their latency for one method over one transport, kept in plain fields: the hot path adds
 * to numbers it already holds, and prom-client reads them only when /metrics is scraped (its own
 * `observe`/`inc` hash the labels on every call, about a microsecond a call at these rates).
 */
import { Histogram, type MetricObjectWithValues, type MetricValueWithName, type Registry } from 'prom-client';

/** From a remembered token's 0.1 ms to a slow store's seconds. */
export const LATENCY_BUCKETS: readonly number[] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export class CallStats {
  /** Calls answered with a result: a field, not a Map entry, as nearly every call is one. */
  ok = 0;
  /** Calls answered with an error, by error id. */
  readonly failures = new Map<string, number>();
  /** Observations per bucket of LATENCY_BUCKETS (not cumulative), the last one above every bound. */
  readonly buckets: number[] = new Array<number>(LATENCY_BUCKETS.length + 1).fill(0);
  sum = 0;
  count = 0;

  constructor(
    readonly method: string,
    readonly transport: string,
  ) {}

  record(outcome: string, seconds: number): void {
    if (outcome === 'ok') this.ok++;
    else this.failures.set(outcome, (this.failures.get(outcome) ?? 0) + 1);
    let bucket = 0;
    while (bucket < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[bucket]) bucket++;
    this.buckets[bucket]++;
    this.sum += seconds;
    this.count++;
  }
}

type Label = 'method' | 'transport' | 'le';
type Value = MetricValueWithName<Label> & { sharedLabels?: Record<string, string> };

type Configuration = { name: string; help: string; registers: Registry[] };

/** prom-client's Histogram, its values read from CallStats at scrape time: the same text as if each call had been observed. */
export class CallLatencyHistogram extends Histogram<'method' | 'transport'> {
  private readonly metricName: string;
  private readonly metricHelp: string;

  constructor(
    { name, help, registers }: Configuration,
    private readonly stats: () => Iterable<CallStats>,
  ) {
    super({ name, help, labelNames: ['method', 'transport'], buckets: [...LATENCY_BUCKETS], registers });
    this.metricName = name;
    this.metricHelp = help;
  }

  /** What the registry prints: bucket lines carry `le` first, then the series' labels (prom-client's order). */
  async getForPromString(): Promise<{ name: string; help: string; type: 'histogram'; values: Value[]; aggregator: 'sum' }> {
    const values: Value[] = [];
    for (const stats of this.stats()) {
      const sharedLabels = { method: stats.method, transport: stats.transport };
      let cumulative = 0;
      LATENCY_BUCKETS.forEach((bound, i) => {
        cumulative += stats.buckets[i];
        values.push({ labels: { le: bound }, sharedLabels, value: cumulative, metricName: `${this.metricName}_bucket` });
      });
      values.push({ labels: { le: '+Inf' }, sharedLabels, value: stats.count, metricName: `${this.metricName}_bucket` });
      values.push({ labels: {}, sharedLabels, value: stats.sum, metricName: `${this.metricName}_sum` });
      values.push({ labels: {}, sharedLabels, value: stats.count, metricName: `${this.metricName}_count` });
    }
    return { name: this.metricName, help: this.metricHelp, type: 'histogram', values, aggregator: 'sum' };
  }

  /** The same values with every label in `labels`, as prom-client's own `get` (getMetricsAsJSON) gives them. */
  override async get(): Promise<MetricObjectWithValues<MetricValueWithName<'method' | 'transport'>>> {
    const data = await this.getForPromString();
    const values = data.values.map(({ sharedLabels, labels, ...value }) => ({ ...value, labels: { ...labels, ...sharedLabels } }));
    // prom-client's declarations type `type` as a numeric enum; at run time (and in the text) it is the string.
    return { ...data, values, collect: () => undefined } as unknown as MetricObjectWithValues<MetricValueWithName<'method' | 'transport'>>;
  }
}
