import { expect } from 'chai';
import { Counter, Histogram, Registry } from 'prom-client';
import { LATENCY_BUCKETS } from '../../src/metrics/call-stats';
import { Metrics } from '../../src/metrics/metrics';

/** The lines of one metric family in Prometheus text, without the process metrics around them. */
function linesOf(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(name) || line.startsWith(`# HELP ${name}`) || line.startsWith(`# TYPE ${name}`));
}

describe('Metrics', () => {
  it('renders calls and latencies recorded in plain fields exactly as prom-client renders the same observations', async () => {
    const calls: [string, string, string, number][] = [
      ['getAccessInfo', 'socket', 'ok', 0.0001],
      ['getAccessInfo', 'socket', 'ok', 0.003],
      ['getAccessInfo', 'socket', 'forbidden', 0.0005],
      ['events.get', 'http', 'ok', 7],
      ['events.get', 'http', 'ok', 0.05],
    ];
    const metrics = new Metrics();
    for (const [method, transport, outcome, seconds] of calls) metrics.callStats(method, transport).record(outcome, seconds);

    const registry = new Registry();
    const counter = new Counter({ name: 'logbook_calls_total', help: 'Method calls by method, transport and outcome (ok or error id).', labelNames: ['method', 'transport', 'outcome'], registers: [registry] });
    const histogram = new Histogram({ name: 'logbook_call_duration_seconds', help: 'Time from dispatch to answer, by method and transport.', labelNames: ['method', 'transport'], buckets: [...LATENCY_BUCKETS], registers: [registry] });
    for (const [method, transport, outcome, seconds] of calls) {
      counter.inc({ method, transport, outcome });
      histogram.observe({ method, transport }, seconds);
    }

    const ours = await metrics.render();
    const theirs = await registry.metrics();
    for (const name of ['logbook_calls_total', 'logbook_call_duration_seconds']) expect(linesOf(ours, name)).to.deep.equal(linesOf(theirs, name));
    // Scraping twice reports the same totals (the counter is rebuilt, not added to).
    expect(linesOf(await metrics.render(), 'logbook_calls_total')).to.deep.equal(linesOf(theirs, 'logbook_calls_total'));
  });

  it('gives the same values through getMetricsAsJSON', async () => {
    const metrics = new Metrics();
    metrics.callStats('channels.get', 'batch').record('ok', 0.002);
    const json = await metrics.registry.getMetricsAsJSON();
    const latency = json.find((metric) => metric.name === 'logbook_call_duration_seconds')!;
    const count = latency.values.find((value) => (value as { metricName?: string }).metricName === 'logbook_call_duration_seconds_count')!;
    expect(count.labels).to.deep.equal({ method: 'channels.get', transport: 'batch' });
    expect(count.value).to.equal(1);
  });
});
