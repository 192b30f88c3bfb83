/** Deletion records `{id, deleted}` left by final deletes, kept apart so live items keep simple unique indexes. */
import type { ChangeKind } from '../../model/items';
import type { DeletionPlace, DeletionRecord, DeletionsStore } from '../store';
import { accountIndex } from './account-collection';
import { Database, Doc, DocumentCollection } from './documents';

export class MongoDeletions implements DeletionsStore {
  private constructor(private readonly collection: DocumentCollection) {}

  static async open(db: Database): Promise<MongoDeletions> {
    return new MongoDeletions(await db.collection('deletions', [accountIndex('account_kind_deleted', ['kind', 'deleted'])]));
  }

  /** Records (or refreshes) the deletion of item `id` of `kind`; channel contents name their channel. */
  record(account: string, kind: ChangeKind, id: string, deleted: number, place: DeletionPlace = {}): Promise<void> {
    return this.recordMany(account, kind, [{ id, deleted, ...place }]);
  }

  /** Records many deletions in two bulk writes. */
  async recordMany(account: string, kind: ChangeKind, records: DeletionRecord[]): Promise<void> {
    if (records.length === 0) return;
    const docs: Doc[] = records.map(({ id, deleted, ...place }) => ({ _id: `${account}/${kind}/${place.channelId ?? ''}/${id}`, account, kind, ...place, id, deleted }));
    await this.collection.deleteMany({ _id: { $in: docs.map((doc) => doc._id) } });
    await this.collection.insertMany(docs);
  }

  async since(account: string, kind: ChangeKind, since: number, channelId?: string): Promise<DeletionRecord[]> {
    const filter: Record<string, unknown> = { account, kind, deleted: { $gt: since } };
    if (channelId) filter.channelId = channelId;
    const docs = await this.collection.find(filter, { sort: { deleted: -1 } });
    return docs.map(({ _id, account: _account, kind: _kind, ...record }) => record as unknown as DeletionRecord);
  }

  removeAccount(account: string): Promise<number> {
    return this.collection.deleteMany({ account });
  }
}
