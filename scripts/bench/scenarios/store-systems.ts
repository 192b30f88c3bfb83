/** The systems the store-backed scenarios compare, each able to run `create` or `get` as one closed-loop measurement. */
import type http from 'node:http';
import type { BenchChild } from '../lib/children';
import { keepAliveAgent, requestJson } from '../lib/http-client';
import type { Account } from '../lib/logbook';
import { CpuMeter } from '../lib/proc-stats';
import type { MeasuredSystem, Sample } from '../lib/results';
import { durationFor, sampleLoop } from '../lib/sample-loop';
import { SioWireClient } from '../lib/sio-wire-client';

export type StoreOp = 'create' | 'get';

export const EVENTS_LIMIT = 20;

/** The same load on every system of a comparison: this many connections, this many calls in flight on each. */
export interface Load {
  clients: number;
  inFlight: number;
}

export interface LoadSettings {
  load: Load;
  durationMs: number;
  maxOps: number;
  /** FerretDB's pid, whose CPU is reported beside the server's; null on the embedded store. */
  dbPid: number | null;
}

let counter = 0;
/** The event every system creates: same type, content size and tags. */
function newEvent(): { type: string; content: string; tags: string[] } {
  return { type: 'note/txt', content: `bench event ${counter++}`, tags: ['bench'] };
}

function loop(settings: LoadSettings, warmup: boolean, pid: number, op: (client: number) => Promise<unknown>): Promise<Sample> {
  return sampleLoop({ ...settings.load, durationMs: durationFor(settings.durationMs, warmup), maxOps: settings.maxOps, op }, pid, settings.dbPid);
}

export function connectAll(load: Load, url: string, namespace: string, auth: Record<string, unknown> | null): Promise<SioWireClient[]> {
  return Promise.all(Array.from({ length: load.clients }, () => SioWireClient.connect(url, namespace, auth)));
}

function agents(load: Load): http.Agent[] {
  return Array.from({ length: load.clients }, () => keepAliveAgent(load.inFlight));
}

/** `getParams`: further events.get params (filters) beside the limit; every get must return a full page. */
export function logbookSocket(op: StoreOp, sockets: SioWireClient[], pid: number, channelId: string, settings: LoadSettings, getParams: Record<string, unknown> = {}): MeasuredSystem {
  const id = `${channelId}.events.${op}`;
  const params = () => (op === 'get' ? { ...getParams, limit: EVENTS_LIMIT } : newEvent());
  return {
    name: 'Logbook Socket.IO',
    measure: (warmup) =>
      loop(settings, warmup, pid, async (client) => {
        const result = await sockets[client].command(id, params());
        if (op === 'get' && (result.events as unknown[]).length !== EVENTS_LIMIT) throw new Error(`events.get returned ${(result.events as unknown[]).length} events`);
      }),
  };
}

export function logbookHttp(op: StoreOp, url: string, account: Account, pid: number, channelId: string, settings: LoadSettings): MeasuredSystem {
  const pool = agents(settings.load);
  const base = `${url}/${account.username}/${channelId}/events`;
  return {
    name: 'Logbook HTTP',
    measure: (warmup) =>
      loop(settings, warmup, pid, async (client) => {
        const answer =
          op === 'get'
            ? await requestJson('GET', `${base}?limit=${EVENTS_LIMIT}`, { token: account.token, agent: pool[client] })
            : await requestJson('POST', base, { token: account.token, body: newEvent(), agent: pool[client] });
        if (answer.status !== (op === 'get' ? 200 : 201)) throw new Error(`Logbook HTTP ${op} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        if (op === 'get' && answer.body.events.length !== EVENTS_LIMIT) throw new Error(`events.get returned ${answer.body.events.length} events`);
      }),
  };
}

/** The raw driver runs its loop inside its own process (on the server core) with the same clients x in-flight. */
export function rawDriver(op: StoreOp, raw: BenchChild, account: Account, channelId: string, settings: LoadSettings, name: string, get?: { query: Record<string, unknown>; places: '*' | string[] }): MeasuredSystem {
  return {
    name,
    async measure(warmup) {
      const meter = new CpuMeter(settings.dbPid === null ? [] : [settings.dbPid]);
      const reply = await raw.request({
        type: 'run',
        op,
        ...settings.load,
        durationMs: durationFor(settings.durationMs, warmup),
        maxOps: settings.maxOps,
        account: account.username,
        channelId,
        accessId: account.accessId,
        limit: EVENTS_LIMIT,
        ...(get ? { get } : {}),
      });
      const cpu = meter.stop();
      return {
        value: reply.opsPerSecond as number,
        clientCpu: cpu.client,
        serverCpu: reply.cpu as number,
        ...(settings.dbPid === null ? {} : { dbCpu: cpu.others[settings.dbPid] }),
        extra: { ops: reply.ops as number, latencyP50Ms: reply.latencyP50 as number, latencyP99Ms: reply.latencyP99 as number },
      };
    },
  };
}

export function feathersSocket(op: StoreOp, sockets: SioWireClient[], pid: number, channelId: string, settings: LoadSettings): MeasuredSystem {
  const query = { channelId, $sort: { time: -1 }, $limit: EVENTS_LIMIT };
  return {
    name: 'Feathers Socket.IO',
    measure: (warmup) =>
      loop(settings, warmup, pid, async (client) => {
        const [error] =
          op === 'get'
            ? await sockets[client].emitWithAck('find', 'events', query)
            : await sockets[client].emitWithAck('create', 'events', { ...newEvent(), channelId, time: Date.now() / 1000 }, {});
        if (error) throw new Error(`Feathers ${op} failed: ${JSON.stringify(error)}`);
      }),
  };
}

export function feathersHttp(op: StoreOp, url: string, pid: number, channelId: string, settings: LoadSettings): MeasuredSystem {
  const pool = agents(settings.load);
  const findUrl = `${url}/events?channelId=${channelId}&$sort[time]=-1&$limit=${EVENTS_LIMIT}`;
  return {
    name: 'Feathers HTTP',
    measure: (warmup) =>
      loop(settings, warmup, pid, async (client) => {
        const answer =
          op === 'get'
            ? await requestJson('GET', findUrl, { agent: pool[client] })
            : await requestJson('POST', `${url}/events`, { body: { ...newEvent(), channelId, time: Date.now() / 1000 }, agent: pool[client] });
        if (answer.status !== (op === 'get' ? 200 : 201)) throw new Error(`Feathers HTTP ${op} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        if (op === 'get' && answer.body.length !== EVENTS_LIMIT) throw new Error(`Feathers find returned ${answer.body.length} events`);
      }),
  };
}
