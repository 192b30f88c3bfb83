/** Deletion records `{id, deleted}` left by final deletes, kept apart so live items keep simple unique indexes. */
import type { ChangeKind, Deletion } from '../model/items';
import { Database, DocumentCollection } from './database';
import { accountIndex } from './account-collection';

/** Where a deleted item was, so that only callers who could read it are told of its deletion. */
export interface DeletionPlace {
  channelId?: string;
  /** The item's folder with its ancestors at deletion time (for folder-level permissions). */
  folderIds?: string[];
  /** For accesses: the access that created the deleted one. */
  createdBy?: string;
}

export type DeletionRecord = Deletion & DeletionPlace;

export class DeletionsStore {
  private constructor(private readonly collection: DocumentCollection) {}

  static async open(db: Database): Promise<DeletionsStore> {
    return new DeletionsStore(await db.collection('deletions', [accountIndex('account_kind_deleted', ['kind', 'deleted'])]));
  }

  /** Records (or refreshes) the deletion of item `id` of `kind`; channel contents name their channel. */
  async record(account: string, kind: ChangeKind, deletion: Deletion, place: DeletionPlace = {}): Promise<void> {
    const _id = `${account}/${kind}/${place.channelId ?? ''}/${deletion.id}`;
    await this.collection.deleteOne({ _id });
    await this.collection.insertOne({ _id, account, kind, ...place, id: deletion.id, deleted: deletion.deleted });
  }

  /** Deletions of `kind` strictly after `since`, newest first, with where each item was. */
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

/** What a client is told of a deletion: `{id, deleted}` only. */
export function publicDeletion({ id, deleted }: DeletionRecord): Deletion {
  return { id, deleted };
}
