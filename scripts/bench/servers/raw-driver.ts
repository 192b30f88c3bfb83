/**
 * Baseline: the raw database driver doing what Logbook's stores do for one call, on the same data,
 * in a process of its own on the server core: the MongoDB driver on the scenario's database (Logbook's
 * own collections), or better-sqlite3 on Logbook's own SQLite file with Logbook's statements
 * (raw-sqlite.ts). The load loop runs here, so the figure is the driver's, with no transport in between.
 */
import { MongoClient } from 'mongodb';
import type { Event } from '../../../src/model/items';
import type { EventPlaces } from '../../../src/storage/store';
import { EventsQuery, pageQuery } from '../../../src/methods/events-query';
import { runClosedLoop } from '../lib/closed-loop';
import { RawSqlite } from './raw-sqlite';
import { onRequest } from './server-hook';

type Doc = Record<string, unknown> & { _id: string };

/** The events.get params of a run, and the places Logbook resolves them to for the bench account. */
interface GetRequest {
  query: EventsQuery;
  places: EventPlaces;
}

interface Driver {
  create(account: string, event: Event): Promise<unknown>;
  get(account: string, channelId: string, request: GetRequest, limit: number): Promise<unknown[]>;
  changes(account: string, limit: number): Promise<unknown[]>;
}

async function openMongo(url: string): Promise<Driver> {
  const client = await MongoClient.connect(url, { ignoreUndefined: true });
  const db = client.db();
  return {
    // The document as AccountCollection stores it: _id, account, the item, the derived fields.
    create: (account, event) => db.collection<Doc>('events').insertOne({ _id: `${account}/${event.channelId}/${event.id}`, account, ...event, endTime: event.time, typeClass: event.type.split('/')[0] }),
    // Logbook's events.get filter for {limit} with the default state (src/storage/mongo/mongo-events.ts pageFilter), plus the account.
    get: (account, channelId, _request, limit) => db.collection<Doc>('events').find({ channelId, $and: [{ trashed: { $ne: true } }], account }).sort({ time: -1 }).limit(limit).toArray(),
    changes: (account, limit) => db.collection<Doc>('changes').find({ account, seq: { $gt: 0 } }).sort({ seq: 1 }).limit(limit).toArray(),
  };
}

/** better-sqlite3 is synchronous: each call runs to its end, as in Logbook's process. */
function openSqlite(dataDir: string): Driver {
  const raw = new RawSqlite(dataDir);
  return {
    create: async (account, event) => raw.insertOne(account, event),
    // The store query Logbook's events.get builds from the same params (pageQuery), then the same SQL.
    get: async (account, channelId, { query, places }, limit) => raw.page(account, pageQuery(channelId, query, Date.now() / 1000, places, limit)),
    changes: async (account, limit) => raw.changes(account, limit),
  };
}

let driver: Driver | null = null;
let created = 0;

/** The event every raw create stores: as Logbook's events.create would make it from the load's params. */
function newEvent(channelId: string, accessId: string): Event {
  const id = `raw${process.pid}x${created++}`;
  const now = Date.now() / 1000;
  return { id, channelId, folderId: null, time: now, type: 'note/txt', content: `bench event ${created}`, tags: ['bench'], created: now, createdBy: accessId, modified: now, modifiedBy: accessId };
}

onRequest('open', async ({ store, mongodbUrl, dataDir }) => {
  driver = store === 'mongodb' ? await openMongo(mongodbUrl as string) : openSqlite(dataDir as string);
  return {};
});

onRequest('run', async (message) => {
  const { op, clients, inFlight, durationMs, maxOps, account, channelId, accessId, limit, get } = message as unknown as {
    op: 'create' | 'get' | 'changes';
    clients: number;
    inFlight: number;
    durationMs: number;
    maxOps: number;
    account: string;
    channelId: string;
    accessId: string;
    limit: number;
    /** events.get params (none: the default page) and their places; '*' for a full-access token. */
    get?: GetRequest;
  };
  const raw = driver!;
  const request: GetRequest = get ?? { query: {}, places: '*' };
  const operations = {
    create: () => raw.create(account, newEvent(channelId, accessId)),
    get: async () => {
      const events = await raw.get(account, channelId, request, limit);
      if (events.length !== limit) throw new Error(`read ${events.length} events, expected ${limit}`);
    },
    changes: async () => {
      const changes = await raw.changes(account, limit);
      if (changes.length !== limit) throw new Error(`read ${changes.length} changes, expected ${limit}`);
    },
  };
  const cpuBefore = process.cpuUsage();
  const result = await runClosedLoop({ clients, inFlight, durationMs, maxOps, op: operations[op] });
  const cpu = process.cpuUsage(cpuBefore);
  return { ...result, cpu: ((cpu.user + cpu.system) / 1e6 / result.seconds) * 100 };
});
