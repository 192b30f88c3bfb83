/** Folders of a channel on MongoDB: a tree by `parentId`, names unique among siblings, ids unique per channel. */
import type { Folder } from '../../model/items';
import type { ChangeRecord, FoldersStore, StoredChange, SubtreeRemoval, Written } from '../store';
import { AccountCollection, accountIndex, channelItemKey } from './account-collection';
import { cycleError } from '../invariants';
import type { ChangeFirst } from './change-first';
import type { ChannelLeases } from './channel-leases';
import type { Database } from './documents';
import type { MongoDeletions } from './mongo-deletions';
import type { MongoEvents } from './mongo-events';

export class MongoFolders implements FoldersStore {
  private constructor(
    private readonly items: AccountCollection<Folder>,
    private readonly contents: { events: MongoEvents; deletions: MongoDeletions },
    private readonly writes: ChangeFirst,
    private readonly leases: ChannelLeases,
  ) {}

  static async open(db: Database, contents: MongoFolders['contents'], writes: ChangeFirst, leases: ChannelLeases): Promise<MongoFolders> {
    // `parentKey` stands for parentId in the unique index: SQLite (under FerretDB) treats NULLs in a
    // unique index as distinct, which would let two root folders share a name.
    const indexes = [accountIndex('account_channel_parent_name', ['channelId', 'parentKey', 'name'], true), accountIndex('account_channel_name', ['channelId', 'name'])];
    const items = new AccountCollection<Folder>(await db.collection('folders', indexes), {
      freeForm: ['clientData'],
      keyOf: (f) => channelItemKey(f.channelId, f.id),
      derived: { fields: ['parentKey'], compute: (folder) => ({ parentKey: folder.parentId ?? '' }) },
    });
    return new MongoFolders(items, contents, writes, leases);
  }

  inChannel(account: string, channelId: string): Promise<Folder[]> {
    return this.items.find(account, { channelId }, { sort: { name: 1 } });
  }

  async create(account: string, folder: Folder, change: ChangeRecord): Promise<StoredChange> {
    return (await this.writes.write(account, change, () => this.items.insert(account, folder))).change;
  }

  async replace(account: string, previous: Folder, next: Folder, change: ChangeRecord): Promise<Written<Folder> | null> {
    const write = async () => {
      const { result, change: stored } = await this.writes.write(account, change, () => this.items.replace(account, previous, next));
      return result ? { item: result, change: stored } : null;
    };
    // Only a move under another folder can close a cycle; every such move checks and writes under the channel's lease.
    if (next.parentId === null || next.parentId === previous.parentId) return write();
    return this.leases.hold(account, previous.channelId, async () => {
      const parents = new Map((await this.inChannel(account, previous.channelId)).map((folder) => [folder.id, folder.parentId]));
      for (let id: string | null | undefined = next.parentId, depth = 0; id && depth <= parents.size; id = parents.get(id), depth++) {
        if (id === previous.id) throw cycleError(next);
      }
      return write();
    });
  }

  /**
   * Without transactions, in an order that a retry completes: the events first (their change names
   * them, so they are read before it is claimed), then the folders. The subtree is in the trash, where
   * no event can be recorded or moved, so the events read are the ones written.
   */
  async removeSubtree(account: string, removal: SubtreeRemoval): Promise<{ eventIds: string[]; changes: StoredChange[] }> {
    const { events, deletions } = this.contents;
    const { channelId, folderIds, deleted } = removal;
    const linked = await events.idsInFolders(account, channelId, folderIds);
    const eventIds = linked.map((event) => event.id);
    const changes: StoredChange[] = [];
    if (linked.length > 0) {
      const { change } = await this.writes.write(account, { ...removal.eventsChange, ids: eventIds }, async () => {
        if (removal.events.mode === 'merge') {
          const { parentId, modified, modifiedBy } = removal.events;
          return events.moveToFolder(account, channelId, folderIds, parentId, { modified, modifiedBy });
        }
        await deletions.recordMany(account, 'events', linked.map(({ id, folderId }) => ({ id, deleted, channelId, folderIds: removal.ancestries[folderId] ?? [folderId] })));
        return events.removeInFolders(account, channelId, folderIds);
      });
      changes.push(change);
    }
    const { change } = await this.writes.write(account, removal.foldersChange, async () => {
      await deletions.recordMany(account, 'folders', folderIds.map((id) => ({ id, deleted, channelId, folderIds: removal.ancestries[id] ?? [id] })));
      return this.items.removeMany(account, { channelId, id: { $in: folderIds } });
    });
    changes.push(change);
    return { eventIds, changes };
  }

  removeChannel(account: string, channelId: string): Promise<number> {
    return this.items.removeMany(account, { channelId });
  }

  removeAccount(account: string): Promise<number> {
    return this.items.removeMany(account, {});
  }
}
