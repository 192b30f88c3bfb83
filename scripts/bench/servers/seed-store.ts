/**
 * Seeds a scenario's data directly with Logbook's store modules (dist/src/storage), while Logbook is
 * stopped: events through EventsStore.insert (so they carry the derived fields Logbook's queries
 * need), changes in ChangesStore's layout (through the Database port; on MongoDB with insertMany,
 * as one insert per change costs FerretDB ~1 ms). Going through the API instead would make every
 * event a whole create: five round trips on FerretDB, the seq claim serialised per account.
 */
import { MongoClient } from 'mongodb';
import type { Event } from '../../../src/model/items';
import { openDatabase } from '../../../src/storage/open-database';
import { openStore } from '../../../src/storage/store';
import { inBatches } from '../lib/logbook';
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

onRequest('seed', async (message) => {
  const request = message as unknown as SeedRequest;
  const db = await openDatabase({ mongodbUrl: request.mongodbUrl, dataDir: request.dataDir });
  const store = await openStore(db);
  const changes = await db.collection('changes', []);
  const now = Date.now() / 1000;
  const { account, channelId, accessId } = request;
  try {
    if (request.clearChanges) await store.changes.removeAccount(account);
    await inBatches(request.events, 32, (i) => {
      const time = now - request.events + i;
      const event: Event = {
        id: `seed-${i}`,
        channelId,
        folderId: null,
        time,
        type: 'note/txt',
        content: `seeded event ${i}`,
        tags: ['bench'],
        created: time,
        createdBy: accessId,
        modified: time,
        modifiedBy: accessId,
      };
      return store.events.insert(account, event);
    });
    // The layout of src/storage/changes-store.ts (claim): _id account/seq, then the change.
    const change = (i: number) => ({ _id: `${account}/${i + 1}`, account, seq: i + 1, kind: 'events', action: 'created', channelId, ids: [`seed-${i}`], time: now - request.changes + i });
    if (request.mongodbUrl && request.changes > 0) {
      const client = await MongoClient.connect(request.mongodbUrl);
      for (let start = 0; start < request.changes; start += 1000) {
        await client.db().collection<{ _id: string }>('changes').insertMany(Array.from({ length: Math.min(1000, request.changes - start) }, (_, k) => change(start + k)));
      }
      await client.close();
    } else {
      await inBatches(request.changes, 32, (i) => changes.insertOne(change(i)));
    }
  } finally {
    await store.close();
  }
  return { events: request.events, changes: request.changes };
});
