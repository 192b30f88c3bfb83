/** Channels of an account; names are unique per account. */
import type { Channel, ItemState } from '../model/items';
import { AccountCollection, accountIndex } from './account-collection';
import { Database, Filter } from './database';
import { stateFilter } from './state-filter';

export class ChannelsStore extends AccountCollection<Channel> {
  static async open(db: Database): Promise<ChannelsStore> {
    return new ChannelsStore(await db.collection('channels', [accountIndex('account_name', ['name'], true)]), { freeForm: ['clientData'] });
  }

  list(account: string, state: ItemState, ids?: readonly string[]): Promise<Channel[]> {
    const filter: Filter = stateFilter(state);
    if (ids) filter.id = { $in: ids };
    return this.find(account, filter, { sort: { name: 1 } });
  }
}
