/** Deletion records `{id, deleted}` left by final deletes, kept apart so live items keep simple unique indexes. */
import type { ChangeKind, Deletion } from '../model/items';
import { Database, DocumentCollection } from './database';
import { accountIndex } from './account-collection';

export class DeletionsStore {
  private constructor(private readonly collection: DocumentCollection) {}

  static async open(db: Database): Promise<DeletionsStore> {
    return new DeletionsStore(await db.collection('deletions', [accountIndex('account_kind_deleted', ['kind', 'deleted'])]));
  }

  /** Records (or refreshes) the deletion of item `id` of `kind`, in `channelId` for channel contents. */
  async record(account: string, kind: ChangeKind, deletion: Deletion, channelId?: string): Promise<void> {
    const _id = `${account}/${kind}/${channelId ?? ''}/${deletion.id}`;
    await this.collection.deleteOne({ _id });
    await this.collection.insertOne({ _id, account, kind, ...(channelId ? { channelId } : {}), id: deletion.id, deleted: deletion.deleted });
  }

  /** Deletions of `kind` strictly after `since`, newest first. */
  async since(account: string, kind: ChangeKind, since: number, channelId?: string): Promise<Deletion[]> {
    const filter: Record<string, unknown> = { account, kind, deleted: { $gt: since } };
    if (channelId) filter.channelId = channelId;
    const docs = await this.collection.find(filter, { sort: { deleted: -1 } });
    return docs.map((doc) => ({ id: doc.id as string, deleted: doc.deleted as number }));
  }

  removeAccount(account: string): Promise<number> {
    return this.collection.deleteMany({ account });
  }
}
