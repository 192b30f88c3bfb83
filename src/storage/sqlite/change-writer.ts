/** Writes on SQLite: each write and the changes it records in one IMMEDIATE transaction, then the listeners. */
import type Database from 'better-sqlite3';
import type { ChangeListener, ChangeRecord, StoredChange } from '../store';

/** Stores one change: account, seq, time, kind, channelId (or NULL), scope as JSON (or NULL), the change as JSON. */
export const INSERT_CHANGE = 'INSERT INTO changes (account, seq, time, kind, channelId, scope, doc) VALUES (?, ?, ?, ?, ?, ?, ?)';

/** Stores a change under the account's next seq inside the running transaction. */
export type AppendChange = (change: ChangeRecord) => StoredChange;

/** Owns seq assignment and the change listeners of one SQLite store. */
export class ChangeWriter {
  private readonly listeners: ChangeListener[] = [];
  private readonly transaction: Database.Transaction<(run: () => unknown) => unknown>;
  private readonly latest: Database.Statement<[string], { seq: number }>;
  private readonly insert: Database.Statement<[string, number, number, string, string | null, string | null, string]>;

  constructor(
    db: Database.Database,
    private readonly now: () => number,
    private readonly log: (message: string, details?: Record<string, unknown>) => void,
  ) {
    this.transaction = db.transaction((run: () => unknown) => run());
    // The (account, seq) primary key makes this a descending seek, not a scan of the account's log.
    this.latest = db.prepare('SELECT seq FROM changes WHERE account = ? ORDER BY seq DESC LIMIT 1');
    this.insert = db.prepare(INSERT_CHANGE);
  }

  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /**
   * Runs `write` in a transaction that takes the write lock at BEGIN (IMMEDIATE), so that a second
   * process sharing the file waits and then reads the seq this one stored: seqs stay gap-free and
   * unique across processes. A throw rolls everything back, changes included; listeners hear only
   * committed changes, in seq order.
   */
  write<T>(account: string, write: (append: AppendChange) => T): T {
    const appended: StoredChange[] = [];
    const append: AppendChange = (record) => {
      const seq = (this.latest.get(account)?.seq ?? 0) + 1;
      // Built field by field so that an `undefined` in the record never reaches a listener or a reader.
      const { kind, action, channelId, ids, scope } = record;
      const change: StoredChange = { seq, kind, action, ...(channelId === undefined ? {} : { channelId }), ids, time: this.now(), ...(scope === undefined ? {} : { scope }) };
      this.insert.run(account, seq, change.time, change.kind, change.channelId ?? null, change.scope ? JSON.stringify(change.scope) : null, JSON.stringify(change));
      // The notice goes to the listeners only, never into the log.
      appended.push(record.notice ? { ...change, notice: record.notice } : change);
      return change;
    };
    const result = this.transaction.immediate(() => write(append)) as T;
    for (const change of appended) {
      for (const listener of this.listeners) {
        // The write is committed: a failing listener must not make it look failed to its caller.
        try {
          listener(account, change);
        } catch (error) {
          this.log('a change listener failed', { error: error instanceof Error ? error.stack : String(error) });
        }
      }
    }
    return result;
  }
}
