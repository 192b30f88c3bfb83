/**
 * Baseline: the raw database driver doing what Logbook's stores do for one call, on the same
 * documents, in a process of its own on the server core: the MongoDB driver on the scenario's
 * database (Logbook's own collections), or @seald-io/nedb on a copy of Logbook's embedded files.
 * The load loop runs here, so the figure is the driver's, with no transport in between.
 */
import path from 'node:path';
import Datastore from '@seald-io/nedb';
import { MongoClient } from 'mongodb';
import { runClosedLoop } from '../lib/closed-loop';
import { onRequest } from './server-hook';

type Doc = Record<string, unknown> & { _id: string };

interface Driver {
  insert(doc: Doc): Promise<unknown>;
  /** Sorted, limited find; the same filter, sort and limit as Logbook's store calls. */
  find(collection: 'events' | 'changes', filter: Record<string, unknown>, sort: Record<string, 1 | -1>, limit: number): Promise<unknown[]>;
}

async function openMongo(url: string): Promise<Driver> {
  const client = await MongoClient.connect(url, { ignoreUndefined: true });
  const db = client.db();
  return {
    insert: (doc) => db.collection<Doc>('events').insertOne(doc),
    find: (collection, filter, sort, limit) => db.collection<Doc>(collection).find(filter).sort(sort).limit(limit).toArray(),
  };
}

/** The same files and the same indexes as Logbook's embedded store (src/storage/events-store.ts, changes-store.ts). */
async function openNedb(dir: string): Promise<Driver> {
  const events = new Datastore<Doc>({ filename: path.join(dir, 'events.db') });
  const changes = new Datastore<Doc>({ filename: path.join(dir, 'changes.db') });
  await Promise.all([events.loadDatabaseAsync(), changes.loadDatabaseAsync()]);
  for (const fields of [['channelId', 'time'], ['channelId', 'modified'], ['channelId', 'folderId', 'time'], ['channelId', 'endTime', 'time']]) {
    await events.ensureIndexAsync({ fieldName: ['account', ...fields] });
  }
  await changes.ensureIndexAsync({ fieldName: ['account', 'seq'] });
  const stores = { events, changes };
  return {
    insert: (doc) => events.insertAsync(doc),
    find: (collection, filter, sort, limit) => stores[collection].findAsync(filter).sort(sort).limit(limit).execAsync(),
  };
}

let driver: Driver | null = null;
let created = 0;

/** An event document exactly as Logbook stores one (AccountCollection: _id, account, the item, derived fields). */
function eventDoc(account: string, channelId: string, accessId: string): Doc {
  const id = `raw-${process.pid}-${created++}`;
  const now = Date.now() / 1000;
  return {
    _id: `${account}/${channelId}/${id}`,
    account,
    id,
    channelId,
    folderId: null,
    time: now,
    type: 'note/txt',
    content: `bench event ${created}`,
    tags: ['bench'],
    created: now,
    createdBy: accessId,
    modified: now,
    modifiedBy: accessId,
    endTime: now,
    typeClass: 'note',
  };
}

onRequest('open', async ({ store, mongodbUrl, nedbDir }) => {
  driver = store === 'mongodb' ? await openMongo(mongodbUrl as string) : await openNedb(nedbDir as string);
  return {};
});

onRequest('run', async (message) => {
  const { op, clients, inFlight, durationMs, maxOps, account, channelId, accessId, limit } = message as unknown as {
    op: 'create' | 'get' | 'changes';
    clients: number;
    inFlight: number;
    durationMs: number;
    maxOps: number;
    account: string;
    channelId: string;
    accessId: string;
    limit: number;
  };
  const raw = driver!;
  const operations = {
    create: () => raw.insert(eventDoc(account, channelId, accessId)),
    // Logbook's events.get filter for {limit} with the default state (src/methods/events-filter.ts), plus the account.
    get: () => raw.find('events', { channelId, $and: [{ trashed: { $ne: true } }], account }, { time: -1 }, limit),
    changes: async () => {
      const changes = await raw.find('changes', { account, seq: { $gt: 0 } }, { seq: 1 }, limit);
      if (changes.length !== limit) throw new Error(`read ${changes.length} changes, expected ${limit}`);
    },
  };
  const cpuBefore = process.cpuUsage();
  const result = await runClosedLoop({ clients, inFlight, durationMs, maxOps, op: operations[op] });
  const cpu = process.cpuUsage(cpuBefore);
  return { ...result, cpu: ((cpu.user + cpu.system) / 1e6 / result.seconds) * 100 };
});
