/** Folders of a channel: a tree by `parentId`, names unique among siblings, ids unique per channel. Update with `replace`. */
import type { Folder } from '../model/items';
import { AccountCollection, accountIndex, channelItemKey } from './account-collection';
import { Database } from './database';

export class FoldersStore extends AccountCollection<Folder> {
  static async open(db: Database): Promise<FoldersStore> {
    // `parentKey` stands for parentId in the unique index: SQLite (under FerretDB) treats NULLs in a
    // unique index as distinct, which would let two root folders share a name.
    const indexes = [
      accountIndex('account_channel_parent_name', ['channelId', 'parentKey', 'name'], true),
      // A channel's whole tree is read on every channel-scoped call.
      accountIndex('account_channel_name', ['channelId', 'name']),
    ];
    return new FoldersStore(await db.collection('folders', indexes), {
      freeForm: ['clientData'],
      keyOf: (f) => channelItemKey(f.channelId, f.id),
      derived: { fields: ['parentKey'], compute: (folder) => ({ parentKey: folder.parentId ?? '' }) },
    });
  }

  /** Every folder of a channel, trashed and hidden ones included: callers build the tree and filter it. */
  inChannel(account: string, channelId: string): Promise<Folder[]> {
    return this.find(account, { channelId }, { sort: { name: 1 } });
  }

  removeChannel(account: string, channelId: string): Promise<number> {
    return this.removeMany(account, { channelId });
  }
}
