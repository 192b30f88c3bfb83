/** Accesses (tokens with permissions) of an account on MongoDB. */
import type { Access, AccessType } from '../../model/items';
import type { AccessesStore, ChangeRecord, StoredChange, Written } from '../store';
import { AccountCollection, accountIndex } from './account-collection';
import type { ChangeFirst } from './change-first';
import type { Database } from './documents';
import type { MongoDeletions } from './mongo-deletions';

export class MongoAccesses implements AccessesStore {
  private constructor(
    private readonly items: AccountCollection<Access>,
    private readonly deletions: MongoDeletions,
    private readonly writes: ChangeFirst,
  ) {}

  static async open(db: Database, deletions: MongoDeletions, writes: ChangeFirst): Promise<MongoAccesses> {
    const collection = await db.collection('accesses', [accountIndex('account_type', ['type'])]);
    return new MongoAccesses(new AccountCollection<Access>(collection, { freeForm: ['clientData'] }), deletions, writes);
  }

  get(account: string, id: string): Promise<Access | null> {
    return this.items.get(account, id);
  }

  async list(account: string, { types, createdBy }: { types: AccessType[]; createdBy?: string }): Promise<Access[]> {
    const accesses = await this.items.find(account, { type: { $in: types }, ...(createdBy === undefined ? {} : { createdBy }) });
    return accesses.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async create(account: string, access: Access, change: ChangeRecord): Promise<StoredChange> {
    return (await this.writes.write(account, change, () => this.items.insert(account, access))).change;
  }

  async replace(account: string, previous: Access, next: Access, change: ChangeRecord): Promise<Written<Access> | null> {
    const { result, change: stored } = await this.writes.write(account, change, () => this.items.replace(account, previous, next));
    return result ? { item: result, change: stored } : null;
  }

  async recordUse(account: string, id: string, time: number): Promise<void> {
    await this.items.update(account, id, { lastUsed: time });
  }

  async remove(account: string, access: Access, deleted: number, change: ChangeRecord): Promise<StoredChange | null> {
    const { result, change: stored } = await this.writes.write(account, change, async () => {
      // As for events: only the call that removed it records the deletion.
      if (!(await this.items.remove(account, access.id))) return null;
      await this.deletions.record(account, 'accesses', access.id, deleted, { createdBy: access.createdBy });
      return true;
    });
    return result ? stored : null;
  }

  removeAccount(account: string): Promise<number> {
    return this.items.removeMany(account, {});
  }
}
