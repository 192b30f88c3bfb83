/**
 * Raw better-sqlite3 on Logbook's database file, with Logbook's own schema, pragmas and statements
 * (imported from src/storage/sqlite, so the baseline cannot drift from the store): the raw embedded
 * baseline, and the seeder's bulk writer.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Event } from '../../../src/model/items';
import type { EventsPageQuery } from '../../../src/storage/store';
import { INSERT_CHANGE } from '../../../src/storage/sqlite/change-writer';
import { eventsPageSql } from '../../../src/storage/sqlite/events-page-query';
import { eventColumns, INSERT_EVENT, INSERT_TAG } from '../../../src/storage/sqlite/sqlite-events';
import { migrate } from '../../../src/storage/sqlite/sqlite-schema';
import { SQLITE_FILE } from '../../../src/storage/sqlite/sqlite-store';

/** A change row in ChangeWriter's layout. */
export interface RawChange {
  seq: number;
  time: number;
  kind: string;
  action: string;
  channelId: string;
  ids: string[];
}

/** One connection to DATA_DIR/logbook.sqlite, as Logbook opens it (WAL, busy_timeout: several processes may share it). */
export class RawSqlite {
  readonly db: Database.Database;
  private readonly insertEventRow: Database.Statement;
  private readonly insertTagRow: Database.Statement;
  private readonly insertChangeRow: Database.Statement;
  private readonly pages = new Map<string, Database.Statement>();
  private readonly changesRead: Database.Statement<[string, number], { doc: string }>;
  /** One event and its tags, as one IMMEDIATE transaction: what Logbook's create does minus the change. */
  readonly insertOne: (account: string, event: Event) => void;

  constructor(dataDir: string) {
    this.db = new Database(path.join(dataDir, SQLITE_FILE));
    migrate(this.db);
    this.insertEventRow = this.db.prepare(INSERT_EVENT);
    this.insertTagRow = this.db.prepare(INSERT_TAG);
    this.insertChangeRow = this.db.prepare(INSERT_CHANGE);
    // The plain read of the log in seq order (changes.get adds its visibility test to this walk).
    this.changesRead = this.db.prepare('SELECT doc FROM changes WHERE account = ? AND seq > 0 ORDER BY seq LIMIT ?');
    const insert = this.db.transaction((account: string, event: Event) => this.insertEvent(account, event));
    this.insertOne = (account, event) => insert.immediate(account, event);
  }

  /** Inserts the event row and its tag rows inside the caller's transaction. */
  insertEvent(account: string, event: Event): void {
    const { lastInsertRowid } = this.insertEventRow.run(account, event.channelId, event.id, ...eventColumns(event), JSON.stringify(event));
    for (const tag of event.tags) this.insertTagRow.run(lastInsertRowid, tag, account, event.channelId, event.time);
  }

  /** Inserts a change row inside the caller's transaction. */
  insertChange(account: string, change: RawChange): void {
    this.insertChangeRow.run(account, change.seq, change.time, change.kind, change.channelId, null, JSON.stringify(change));
  }

  /** The page events.page would read for `query`: the same SQL text, prepared once, rows parsed as the store parses them. */
  page(account: string, query: EventsPageQuery): Event[] {
    const { sql, params } = eventsPageSql(account, query);
    let statement = this.pages.get(sql);
    if (!statement) this.pages.set(sql, (statement = this.db.prepare(sql)));
    return (statement.all(params) as { doc: string }[]).map((row) => JSON.parse(row.doc) as Event);
  }

  changes(account: string, limit: number): unknown[] {
    return this.changesRead.all(account, limit).map((row) => JSON.parse(row.doc));
  }

  close(): void {
    this.db.close();
  }
}
