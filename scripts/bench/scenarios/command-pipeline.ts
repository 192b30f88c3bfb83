/**
 * Command pipeline: getAccessInfo through Logbook's whole call path (token check against the store,
 * validation, dispatch, envelope) versus a bare server answering the same JSON, over Socket.IO
 * `command` (bare Socket.IO) and over HTTP (bare Koa + @koa/router). The embedded store serves the
 * access lookup, so the figure is Logbook's own CPU per call, not a database's.
 */
import type http from 'node:http';
import { startServerScript } from '../lib/baseline';
import { makeTempDir, SERVER_CORE } from '../lib/children';
import type { BenchContext } from '../lib/context';
import { keepAliveAgent, requestJson } from '../lib/http-client';
import { createAccount, startLogbook } from '../lib/logbook';
import { compare, figuresOf, measureInterleaved, MeasuredSystem } from '../lib/results';
import { durationFor, sampleLoop } from '../lib/sample-loop';
import { SioWireClient } from '../lib/sio-wire-client';

const SHAPES = [
  { label: 'sequential (1 client x 1 in flight)', clients: 1, inFlight: 1 },
  { label: 'pipelined (1 client x 100 in flight)', clients: 1, inFlight: 100 },
  { label: '50 clients x 10 in flight', clients: 50, inFlight: 10 },
];
const GROUP = 'Command pipeline';
const USERNAME = 'bench-pipeline';

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
      log(`  Socket.IO command, ${shape.label}`);
      const connect = (url: string) => Promise.all(Array.from({ length: shape.clients }, () => SioWireClient.connect(url, `/${USERNAME}`, { token: account.token })));
      const [logbookSockets, bareSockets] = [await connect(logbook.url), await connect(bareSocketIo.url)];
      // One closed loop of this shape, calling `op` for a client index; the same for every system compared.
      const loopSystem = (name: string, pid: number, op: (client: number) => Promise<void>): MeasuredSystem => ({
        name,
        measure: (warmup) =>
          sampleLoop({ clients: shape.clients, inFlight: shape.inFlight, durationMs: durationFor(options.durationMs, warmup), maxOps: options.maxOps, op }, pid),
      });
      const socketSystem = (name: string, sockets: SioWireClient[], pid: number): MeasuredSystem =>
        loopSystem(name, pid, async (client) => {
          const [error] = await sockets[client].emitWithAck('command', { id: 'getAccessInfo', params: {} });
          if (error) throw new Error(`getAccessInfo failed: ${JSON.stringify(error)}`);
        });
      const socketSamples = await measureInterleaved([socketSystem('Logbook', logbookSockets, logbook.child.pid), socketSystem('bare Socket.IO', bareSockets, bareSocketIo.child.pid)], options.reps, log);
      for (const socket of [...logbookSockets, ...bareSockets]) socket.close();
      context.results.push(
        compare({
          group: GROUP,
          scenario: `getAccessInfo over Socket.IO, ${shape.label}`,
          unit: 'calls/s',
          logbook: figuresOf('Logbook', socketSamples.get('Logbook')!),
          baseline: figuresOf('bare Socket.IO', socketSamples.get('bare Socket.IO')!),
          target: { kind: 'at-least', value: 0.9 },
        }),
      );

      log(`  HTTP GET /{user}/access-info, ${shape.label}`);
      // One keep-alive agent per client and system, as many connections as it has requests in flight.
      const allAgents: http.Agent[] = [];
      const httpSystem = (name: string, url: string, pid: number): MeasuredSystem => {
        const agents = Array.from({ length: shape.clients }, () => keepAliveAgent(shape.inFlight));
        allAgents.push(...agents);
        return loopSystem(name, pid, async (client) => {
          const answer = await requestJson('GET', `${url}/${USERNAME}/access-info`, { token: account.token, agent: agents[client] });
          if (answer.status !== 200) throw new Error(`GET access-info answered ${answer.status}`);
        });
      };
      const httpSamples = await measureInterleaved([httpSystem('Logbook', logbook.url, logbook.child.pid), httpSystem('bare Koa', bareKoa.url, bareKoa.child.pid)], options.reps, log);
      for (const agent of allAgents) agent.destroy();
      context.results.push(
        compare({
          group: GROUP,
          scenario: `GET /{user}/access-info over HTTP, ${shape.label}`,
          unit: 'calls/s',
          logbook: figuresOf('Logbook', httpSamples.get('Logbook')!),
          baseline: figuresOf('bare Koa', httpSamples.get('bare Koa')!),
          target: { kind: 'at-least', value: 0.9 },
        }),
      );
    }
  } finally {
    await Promise.all([logbook.stop(), bareSocketIo.child.stop(), bareKoa.child.stop()]);
  }
}
