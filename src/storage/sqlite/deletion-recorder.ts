/** Deletion records on SQLite: written inside the transaction of the delete they record, read by deletions.since. */
import type Database from 'better-sqlite3';
import type { ChangeKind, Deletion } from '../../model/items';
import type { DeletionPlace, DeletionRecord, DeletionsStore } from '../store';

/** Records deletions and answers deletions.since. */
export class DeletionRecorder implements DeletionsStore {
  private readonly upsert: Database.Statement<[string, string, string, string, number, string]>;
  private readonly sinceAll: Database.Statement<[string, string, number], { doc: string }>;
  private readonly sinceChannel: Database.Statement<[string, string, number, string], { doc: string }>;

  constructor(db: Database.Database) {
    // Keyed by account/kind/channel/id: deleting the same item again replaces the earlier record.
    this.upsert = db.prepare('INSERT OR REPLACE INTO deletions (account, kind, channelId, id, deleted, doc) VALUES (?, ?, ?, ?, ?, ?)');
    this.sinceAll = db.prepare('SELECT doc FROM deletions WHERE account = ? AND kind = ? AND deleted > ? ORDER BY deleted DESC');
    // Served by (account, kind, deleted) too: a channel's share of an account's deletions is filtered in the index walk.
    this.sinceChannel = db.prepare('SELECT doc FROM deletions WHERE account = ? AND kind = ? AND deleted > ? AND channelId = ? ORDER BY deleted DESC');
  }

  /** Records (or refreshes) the deletion of item `id` of `kind` with where it was. */
  record(account: string, kind: ChangeKind, deletion: Deletion, place: DeletionPlace = {}): void {
    const record: DeletionRecord = { id: deletion.id, deleted: deletion.deleted };
    if (place.channelId !== undefined) record.channelId = place.channelId;
    if (place.folderIds !== undefined) record.folderIds = place.folderIds;
    if (place.createdBy !== undefined) record.createdBy = place.createdBy;
    this.upsert.run(account, kind, place.channelId ?? '', deletion.id, deletion.deleted, JSON.stringify(record));
  }

  async since(account: string, kind: ChangeKind, since: number, channelId?: string): Promise<DeletionRecord[]> {
    const rows = channelId === undefined ? this.sinceAll.all(account, kind, since) : this.sinceChannel.all(account, kind, since, channelId);
    return rows.map((row) => JSON.parse(row.doc) as DeletionRecord);
  }
}
