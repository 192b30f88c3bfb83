/**
 * Seeds a scenario's events (scripts/bench/servers/seed-events.ts) and change log while Logbook is
 * stopped, bypassing the API: through the API every event is a whole create (validation, overlap
 * checks, a change, a notification), which would make 1M events take the better part of an hour.
 *
 * - SQLite: bulk SQL in ONE transaction with Logbook's own schema and INSERT statements (raw-sqlite.ts).
 *   The store port would be the same rows, but one IMMEDIATE transaction and one change per event
 *   (~10x slower at 1M); and 1M seeded changes would make the first create's log trim delete them all.
 *   So events get no changes here, as before, and the change log is seeded only when asked for.
 * - MongoDB: events through the store port (`store.events.create`, each with its change), so the
 *   documents are exactly Logbook's; FerretDB channels stay small (see docs/benchmarks.md). Seeded
 *   change logs go in with insertMany in MongoChanges' layout (one insert per change costs FerretDB ~1 ms).
 */
import { MongoClient } from 'mongodb';
import { openStore } from '../../../src/storage/open-store';
import { inBatches } from '../lib/logbook';
import { RawChange, RawSqlite } from './raw-sqlite';
import { seedEvent } from './seed-events';
import { onRequest } from './server-hook';

interface SeedRequest {
  mongodbUrl: string | null;
  dataDir: string;
  account: string;
  channelId: string;
  accessId: string;
  events: number;
  changes: number;
  /** Drop the account's existing change log first (the seeded one starts at seq 1). */
  clearChanges?: boolean;
}

function changeAt(request: SeedRequest, i: number, now: number): RawChange {
  return { seq: i + 1, time: now - request.changes + i, kind: 'events', action: 'created', channelId: request.channelId, ids: [`seed-${i}`] };
}

function seedSqlite(request: SeedRequest, now: number): void {
  const raw = new RawSqlite(request.dataDir);
  try {
    const { account, channelId, accessId } = request;
    raw.db
      .transaction(() => {
        if (request.clearChanges) raw.db.prepare('DELETE FROM changes WHERE account = ?').run(account);
        for (let i = 0; i < request.events; i++) raw.insertEvent(account, seedEvent(i, request.events, channelId, accessId, now));
        for (let i = 0; i < request.changes; i++) raw.insertChange(account, changeAt(request, i, now));
      })
      .immediate();
    // What Logbook's close does: lets the planner see the new table sizes.
    raw.db.pragma('optimize');
  } finally {
    raw.close();
  }
}

async function seedMongo(request: SeedRequest, mongodbUrl: string, now: number): Promise<void> {
  const { account, channelId, accessId } = request;
  const store = await openStore({ mongodbUrl, dataDir: request.dataDir });
  try {
    if (request.clearChanges) {
      const client = await MongoClient.connect(mongodbUrl);
      await client.db().collection('changes').deleteMany({ account });
      await client.close();
    }
    await inBatches(request.events, 32, (i) => {
      const event = seedEvent(i, request.events, channelId, accessId, now);
      return store.events.create(account, event, { kind: 'events', action: 'created', ids: [event.id], channelId, scope: { folderIds: event.folderId ? [event.folderId] : [] } });
    });
  } finally {
    await store.close();
  }
  if (request.changes === 0) return;
  // Seeded after the events' own changes would clash with their seqs: only used on an empty log (catch-up).
  const client = await MongoClient.connect(mongodbUrl);
  try {
    for (let start = 0; start < request.changes; start += 1000) {
      const batch = Array.from({ length: Math.min(1000, request.changes - start) }, (_, k) => changeAt(request, start + k, now));
      await client.db().collection<{ _id: string }>('changes').insertMany(batch.map((change) => ({ _id: `${account}/${change.seq}`, account, ...change })));
    }
  } finally {
    await client.close();
  }
}

onRequest('seed', async (message) => {
  const request = message as unknown as SeedRequest;
  const now = Date.now() / 1000;
  if (request.mongodbUrl) await seedMongo(request, request.mongodbUrl, now);
  else seedSqlite(request, now);
  return { events: request.events, changes: request.changes };
});
