/** The embedded backend: one SQLite database (better-sqlite3, WAL) in DATA_DIR, behind the store port. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { RoundTripCounter } from '../round-trips';
import { StoreUnavailableError, type Store } from '../store';
import { ChangeWriter } from './change-writer';
import { countRoundTrips } from './counted-database';
import { DeletionRecorder } from './deletion-recorder';
import { importNedbFiles } from './nedb-import';
import { sqliteAccesses } from './sqlite-accesses';
import { sqliteChannels } from './sqlite-channels';
import { sqliteChanges } from './sqlite-changes';
import { sqliteEvents } from './sqlite-events';
import { sqliteFolders } from './sqlite-folders';
import { migrate } from './sqlite-schema';
import { sqliteUsers } from './sqlite-users';
import { sqliteValues } from './sqlite-values';
import { WalCheckpointer } from './wal-checkpointer';

/** The database file in DATA_DIR. */
export const SQLITE_FILE = 'logbook.sqlite';

type Log = (message: string, details?: Record<string, unknown>) => void;

export interface SqliteStoreOptions {
  /** The clock of change times, in seconds; tests pass their own. */
  now?: () => number;
}

/** Opens (creating DATA_DIR and the database if needed, importing a previous release's nedb files once) the SQLite store. */
export async function openSqliteStore(dataDir: string, log: Log = () => {}, options: SqliteStoreOptions = {}): Promise<Store> {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, SQLITE_FILE));
  try {
    migrate(db);
    await importNedbFiles(db, dataDir, log);
  } catch (error) {
    db.close();
    throw error;
  }
  // Counted from here on: the migration and the import above are start-up work, not calls.
  const counter = new RoundTripCounter();
  countRoundTrips(db, counter);
  const checkpointer = WalCheckpointer.start(db, log);
  const writer = new ChangeWriter(db, options.now ?? (() => Date.now() / 1000), log);
  const deletions = new DeletionRecorder(db);
  const ping = db.prepare('SELECT 1');
  const removals = ['events', 'folders', 'channel_values', 'channels', 'accesses', 'deletions', 'changes'].map((table) => db.prepare(`DELETE FROM ${table} WHERE account = ?`));
  const removeUser = db.prepare('DELETE FROM users WHERE username = ?');
  const removeAccount = db.transaction((account: string) => {
    for (const removal of removals) removal.run(account);
    // Last, as on MongoDB where these are separate writes and a half-done removal is retried.
    removeUser.run(account);
  });

  return {
    kind: 'sqlite',
    users: sqliteUsers(db),
    accesses: sqliteAccesses(db, writer, deletions),
    channels: sqliteChannels(db, writer, deletions),
    folders: sqliteFolders(db, writer),
    events: sqliteEvents(db, writer, deletions),
    values: sqliteValues(db, writer),
    deletions,
    changes: sqliteChanges(db),
    onChange: (listener) => writer.onChange(listener),
    roundTrips: () => counter.read(),
    async ping() {
      if (!db.open) throw new StoreUnavailableError('the database is closed');
      try {
        ping.get();
      } catch (error) {
        throw new StoreUnavailableError(error);
      }
    },
    async close() {
      // Stopping twice is harmless; the second of two closes finds the database closed after it.
      await checkpointer?.stop();
      if (!db.open) return;
      // Lets the planner refresh its statistics of tables that changed much (cheap, bounded by SQLite).
      db.pragma('optimize');
      db.close();
    },
    async removeAccount(account) {
      removeAccount.immediate(account);
    },
  };
}
