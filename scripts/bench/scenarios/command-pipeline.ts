/**
 * Command pipeline: getAccessInfo through Logbook's whole call path (token check against the store,
 * validation, dispatch, envelope) versus a bare server answering the same JSON, over Socket.IO
 * `command` (bare Socket.IO) and over HTTP (bare Koa + @koa/router). The embedded store serves the
 * access lookup, so the figure is Logbook's own CPU per call, not a database's. The load comes from
 * the lean loop (lean-loop.ts): raw WebSocket lanes and raw keep-alive HTTP connections.
 */
import { startServerScript } from '../lib/baseline';
import { makeTempDir, SERVER_CORE } from '../lib/children';
import type { BenchContext } from '../lib/context';
import type { Lane } from '../lib/lean-loop';
import { createAccount, startLogbook } from '../lib/logbook';
import { getRequest, openRawLane } from '../lib/raw-http';
import { compare, figuresOf, measureInterleaved, MeasuredSystem, Sample, SystemFigures } from '../lib/results';
import { durationFor, sampleLeanLoop } from '../lib/sample-loop';
import { SioWireClient } from '../lib/sio-wire-client';

/** `durationScale`: a sequential call waits for the other side every time, so those rows run longer to be stable. */
const SHAPES = [
  { label: 'sequential (1 client x 1 in flight)', clients: 1, inFlight: 1, durationScale: 4 },
  { label: 'pipelined (1 client x 100 in flight)', clients: 1, inFlight: 100, durationScale: 1 },
  { label: '50 clients x 10 in flight', clients: 50, inFlight: 10, durationScale: 1 },
];
const GROUP = 'Command pipeline';
const USERNAME = 'bench-pipeline';
const TARGET = { kind: 'at-least', value: 0.95 } as const;
/** Above this the load generator's core is the limit: the baseline could go faster, the ratio is an upper bound. */
const CLIENT_BOUND_CPU = 90;
const COMMAND = JSON.stringify({ id: 'getAccessInfo', params: {} });

export async function runCommandPipeline(context: BenchContext): Promise<void> {
  const { options, log } = context;
  const logbook = await startLogbook(context, { name: 'logbook-pipeline', dataDir: makeTempDir('pipeline'), mongodbUrl: null, core: SERVER_CORE });
  const account = await createAccount(context, logbook.url, USERNAME);
  // The bare servers answer a copy of Logbook's own answer, so both sides move the same bytes.
  const probe = await SioWireClient.connect(logbook.url, `/${USERNAME}`, { token: account.token });
  const answer = await probe.command('getAccessInfo');
  probe.close();
  const payload = JSON.stringify(answer);
  log(`  getAccessInfo answer: ${Buffer.byteLength(payload)} bytes`);
  const bareSocketIo = await startServerScript(context, 'bare-socketio', 'baselines/bare-socketio.js', { env: { BENCH_NAMESPACE: `/${USERNAME}`, BENCH_PAYLOAD: payload }, core: SERVER_CORE });
  const bareKoa = await startServerScript(context, 'bare-koa', 'baselines/bare-koa.js', { env: { BENCH_PAYLOAD: payload }, core: SERVER_CORE });

  try {
    for (const shape of SHAPES) {
      const lanes = shape.clients * shape.inFlight;
      const durationMs = options.durationMs * shape.durationScale;
      // One measurement of this shape over the given lanes; the same for every system compared.
      const laneSystem = (name: string, pid: number, systemLanes: Lane[]): MeasuredSystem => ({
        name,
        measure: (warmup) => sampleLeanLoop({ lanes: systemLanes, durationMs: durationFor(durationMs, warmup), maxOps: options.maxOps * shape.durationScale }, pid),
      });
      const push = (scenario: string, logbookName: string, baselineName: string, samples: Map<string, Sample[]>) => {
        const baseline = figuresOf(baselineName, samples.get(baselineName)!);
        context.results.push(compare({ group: GROUP, scenario, unit: 'calls/s', logbook: figuresOf(logbookName, samples.get(logbookName)!), baseline, target: TARGET, note: clientBoundNote(scenario, baseline) }));
      };

      log(`  Socket.IO command, ${shape.label}`);
      // `inFlight` lanes share each client's WebSocket, as calls in flight on one socket do.
      const socketLanes = async (url: string) => {
        const sockets = await Promise.all(Array.from({ length: shape.clients }, () => SioWireClient.connect(url, `/${USERNAME}`, { token: account.token })));
        return { sockets, lanes: Array.from({ length: lanes }, (_, i) => sockets[i % shape.clients].lane('command', COMMAND)) };
      };
      const [logbookSockets, bareSockets] = [await socketLanes(logbook.url), await socketLanes(bareSocketIo.url)];
      const socketSamples = await measureInterleaved([laneSystem('Logbook', logbook.child.pid, logbookSockets.lanes), laneSystem('bare Socket.IO', bareSocketIo.child.pid, bareSockets.lanes)], options.reps, log);
      for (const socket of [...logbookSockets.sockets, ...bareSockets.sockets]) socket.close();
      push(`getAccessInfo over Socket.IO, ${shape.label}`, 'Logbook', 'bare Socket.IO', socketSamples);

      log(`  HTTP GET /{user}/access-info, ${shape.label}`);
      // One keep-alive connection per call in flight, as a browser or an HTTP agent would hold them.
      const httpLanes = (url: string) => Promise.all(Array.from({ length: lanes }, () => openRawLane(url, getRequest(`${url}/${USERNAME}/access-info`, account.token), 200)));
      const [logbookHttp, bareHttp] = [await httpLanes(logbook.url), await httpLanes(bareKoa.url)];
      const httpSamples = await measureInterleaved([laneSystem('Logbook', logbook.child.pid, logbookHttp.map((c) => c.lane)), laneSystem('bare Koa', bareKoa.child.pid, bareHttp.map((c) => c.lane))], options.reps, log);
      for (const connection of [...logbookHttp, ...bareHttp]) connection.close();
      push(`GET /{user}/access-info over HTTP, ${shape.label}`, 'Logbook', 'bare Koa', httpSamples);
    }
  } finally {
    await Promise.all([logbook.stop(), bareSocketIo.child.stop(), bareKoa.child.stop()]);
  }
}

/** Says so when the load generator was at its limit in the baseline's runs: then the baseline was measured short of its own. */
function clientBoundNote(scenario: string, baseline: SystemFigures): string | undefined {
  const cpu = baseline.clientCpu;
  if (cpu === null || cpu < CLIENT_BOUND_CPU) return undefined;
  return `${scenario}: client-bound, the load generator used ${Math.round(cpu)}% of its core in the ${baseline.system} runs, so ${baseline.system} could answer faster than measured and the ratio is an upper bound.`;
}
