/** Channels of an account on MongoDB; names are unique per account. */
import type { Channel, ItemState } from '../../model/items';
import type { ChangeRecord, ChannelsStore, StoredChange, Written } from '../store';
import { AccountCollection, accountIndex } from './account-collection';
import type { ChangeFirst } from './change-first';
import type { Database, Filter } from './documents';
import type { MongoDeletions } from './mongo-deletions';
import type { MongoEvents } from './mongo-events';
import type { MongoFolders } from './mongo-folders';
import type { MongoValues } from './mongo-values';
import { stateFilter } from './state-filter';

export class MongoChannels implements ChannelsStore {
  private constructor(
    private readonly items: AccountCollection<Channel>,
    private readonly contents: { folders: MongoFolders; events: MongoEvents; deletions: MongoDeletions; values: MongoValues },
    private readonly writes: ChangeFirst,
  ) {}

  static async open(db: Database, contents: MongoChannels['contents'], writes: ChangeFirst): Promise<MongoChannels> {
    const collection = await db.collection('channels', [accountIndex('account_name', ['name'], true)]);
    return new MongoChannels(new AccountCollection<Channel>(collection, { freeForm: ['clientData'] }), contents, writes);
  }

  get(account: string, id: string): Promise<Channel | null> {
    return this.items.get(account, id);
  }

  list(account: string, state: ItemState, ids?: readonly string[]): Promise<Channel[]> {
    const filter: Filter = stateFilter(state);
    if (ids) filter.id = { $in: ids };
    return this.items.find(account, filter, { sort: { name: 1 } });
  }

  async create(account: string, channel: Channel, change: ChangeRecord): Promise<StoredChange> {
    return (await this.writes.write(account, change, () => this.items.insert(account, channel))).change;
  }

  async replace(account: string, previous: Channel, next: Channel, change: ChangeRecord): Promise<Written<Channel> | null> {
    const { result, change: stored } = await this.writes.write(account, change, () => this.items.replace(account, previous, next));
    return result ? { item: result, change: stored } : null;
  }

  async remove(account: string, id: string, deleted: number, change: ChangeRecord): Promise<StoredChange | null> {
    const { folders, events, deletions, values } = this.contents;
    const { result, change: stored } = await this.writes.write(account, change, async () => {
      // A rare call: one read keeps a concurrent second delete from moving the deletion's time. Then the
      // record first and the channel last, so a failed step leaves the channel trashed, to retry.
      if (!(await this.items.get(account, id))) return null;
      await deletions.record(account, 'channels', id, deleted);
      await events.removeChannel(account, id);
      await folders.removeChannel(account, id);
      await values.removeChannel(account, id);
      return (await this.items.remove(account, id)) ? true : null;
    });
    return result ? stored : null;
  }

  removeAccount(account: string): Promise<number> {
    return this.items.removeMany(account, {});
  }
}
