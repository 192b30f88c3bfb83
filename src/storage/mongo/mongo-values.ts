/** A channel's current values on MongoDB: one document per key, stored under `account/channelId/key`. */
import { ApiError } from '../../errors';
import type { ValueItem } from '../../model/items';
import type { ChangeRecord, StoredChange, ValuesStore } from '../store';
import { AccountCollection, accountIndex, channelItemKey } from './account-collection';
import type { ChangeFirst } from './change-first';
import type { Database, Filter } from './documents';

/** As stored: the key is the document's `id` (a field value, so `.` and `$` in it are plain text). */
type StoredValue = Omit<ValueItem, 'key'> & { id: string; channelId: string };

export class MongoValues implements ValuesStore {
  private constructor(
    private readonly items: AccountCollection<StoredValue>,
    private readonly writes: ChangeFirst,
  ) {}

  static async open(db: Database, writes: ChangeFirst): Promise<MongoValues> {
    const collection = await db.collection('values', [accountIndex('account_channel_key', ['channelId', 'id'])]);
    // Channel ids hold no `/`, so `channelId/key` is unambiguous whatever the key holds.
    return new MongoValues(new AccountCollection<StoredValue>(collection, { freeForm: ['value'], keyOf: (v) => channelItemKey(v.channelId, v.id) }), writes);
  }

  async list(account: string, channelId: string, keys?: readonly string[]): Promise<ValueItem[]> {
    const filter: Filter = { channelId };
    if (keys) filter.id = { $in: keys };
    return (await this.items.find(account, filter, { sort: { id: 1 } })).map(toItem);
  }

  async set(account: string, channelId: string, item: ValueItem, change: ChangeRecord): Promise<StoredChange> {
    const { key, ...fields } = item;
    const stored: StoredValue = { ...fields, id: key, channelId };
    const replace = () => this.items.update(account, channelItemKey(channelId, key), { value: fields.value, icon: fields.icon, lastUpdate: fields.lastUpdate, modified: fields.modified, modifiedBy: fields.modifiedBy });
    return (
      await this.writes.write(account, change, async () => {
        if (await replace()) return true;
        try {
          await this.items.insert(account, stored);
        } catch (error) {
          // Another set of the same key inserted it meanwhile: replace that one.
          if (!(error instanceof ApiError && error.id === 'item-already-exists')) throw error;
          await replace();
        }
        return true;
      })
    ).change;
  }

  async remove(account: string, channelId: string, key: string, change: ChangeRecord): Promise<StoredChange | null> {
    const { result, change: stored } = await this.writes.write(account, change, async () => ((await this.items.remove(account, channelItemKey(channelId, key))) ? true : null));
    return result ? stored : null;
  }

  removeChannel(account: string, channelId: string): Promise<number> {
    return this.items.removeMany(account, { channelId });
  }

  removeAccount(account: string): Promise<number> {
    return this.items.removeMany(account, {});
  }
}

function toItem({ id, channelId: _channelId, ...fields }: StoredValue): ValueItem {
  return { key: id, ...fields };
}
