/** Every store of the service over one database, opened together at boot. */
import { Database } from './database';
import { AccessesStore } from './accesses-store';
import { ChangesStore } from './changes-store';
import { ChannelsStore } from './channels-store';
import { DeletionsStore } from './deletions-store';
import { EventsStore } from './events-store';
import { FoldersStore } from './folders-store';
import { UsersStore } from './users-store';

export interface Store {
  readonly kind: Database['kind'];
  readonly users: UsersStore;
  readonly accesses: AccessesStore;
  readonly channels: ChannelsStore;
  readonly folders: FoldersStore;
  readonly events: EventsStore;
  readonly deletions: DeletionsStore;
  readonly changes: ChangesStore;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Removes everything an account owns, user record last so a half-done removal can be retried. */
  removeAccount(account: string): Promise<void>;
}

export async function openStore(db: Database): Promise<Store> {
  const [users, accesses, channels, folders, events, deletions, changes] = await Promise.all([
    UsersStore.open(db),
    AccessesStore.open(db),
    ChannelsStore.open(db),
    FoldersStore.open(db),
    EventsStore.open(db),
    DeletionsStore.open(db),
    ChangesStore.open(db),
  ]);
  return {
    kind: db.kind,
    users,
    accesses,
    channels,
    folders,
    events,
    deletions,
    changes,
    ping: () => db.ping(),
    close: () => db.close(),
    async removeAccount(account) {
      await Promise.all([
        accesses.removeMany(account, {}),
        channels.removeMany(account, {}),
        folders.removeMany(account, {}),
        events.removeMany(account, {}),
        deletions.removeAccount(account),
        changes.removeAccount(account),
      ]);
      await users.remove(account);
    },
  };
}
