/** The MongoDB backend through the official driver (also FerretDB, which speaks the same protocol). */
import { RoundTripCounter } from '../round-trips';
import type { Store } from '../store';
import { ChangeFirst } from './change-first';
import { ChannelLeases } from './channel-leases';
import { MongoAccesses } from './mongo-accesses';
import { MongoChanges } from './mongo-changes';
import { MongoChannels } from './mongo-channels';
import { openMongoDatabase } from './mongo-database';
import { MongoDeletions } from './mongo-deletions';
import { MongoEvents } from './mongo-events';
import { MongoFolders } from './mongo-folders';
import { MongoUsers } from './mongo-users';
import { MongoValues } from './mongo-values';

/** Connects to `url` (database named in its path, default `logbook`) and makes sure the indexes exist. */
export async function openMongoStore(url: string, clock: () => number = () => Date.now() / 1000): Promise<Store> {
  const counter = new RoundTripCounter();
  const db = await openMongoDatabase(url, counter);
  const changes = await MongoChanges.open(db, clock);
  const writes = new ChangeFirst(changes);
  const [users, deletions] = await Promise.all([MongoUsers.open(db), MongoDeletions.open(db)]);
  const leases = await ChannelLeases.open(db);
  const events = await MongoEvents.open(db, deletions, writes, leases);
  const folders = await MongoFolders.open(db, { events, deletions }, writes, leases);
  const values = await MongoValues.open(db, writes);
  const channels = await MongoChannels.open(db, { folders, events, deletions, values }, writes);
  const accesses = await MongoAccesses.open(db, deletions, writes);
  return {
    kind: 'mongodb',
    users,
    accesses,
    channels,
    folders,
    events,
    values,
    deletions,
    changes,
    onChange: (listener) => writes.onChange(listener),
    ping: () => db.ping(),
    roundTrips: () => counter.read(),
    close: () => db.close(),
    async removeAccount(account) {
      await Promise.all([
        accesses.removeAccount(account),
        channels.removeAccount(account),
        folders.removeAccount(account),
        events.removeAccount(account),
        values.removeAccount(account),
        deletions.removeAccount(account),
        changes.removeAccount(account),
      ]);
      await users.remove(account);
    },
  };
}
