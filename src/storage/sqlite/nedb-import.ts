/**
 * The one-time import of the previous release's data (@seald-io/nedb, one file per collection in
 * DATA_DIR) into SQLite: all of it in one transaction, then the old files move to nedb-imported/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { readNedbFile } from './nedb-file-reader';
import { nedbRowWriters } from './nedb-row-writers';

/** The previous release's collections, users first as the rest belongs to them. */
export const NEDB_COLLECTIONS = ['users', 'accesses', 'channels', 'folders', 'events', 'deletions', 'changes'] as const;

/** Where the imported files go, so that a restart does not import them again. */
export const NEDB_IMPORTED_DIR = 'nedb-imported';

const IMPORTED_KEY = 'nedb-imported';
// Staged documents are read back in pages by `_id`, as a statement cannot run while another iterates.
const PAGE = 1000;

type Log = (message: string, details?: Record<string, unknown>) => void;

/** Imports the nedb files of `dataDir` unless this database already holds them; then moves them aside. */
export async function importNedbFiles(db: Database.Database, dataDir: string, log: Log): Promise<void> {
  const present = NEDB_COLLECTIONS.filter((collection) => fs.existsSync(path.join(dataDir, `${collection}.db`)));
  if (present.length === 0) return;
  const imported = db.prepare("SELECT value FROM meta WHERE key = 'nedb-imported'").pluck().get();
  // A crash between COMMIT and the move leaves the files behind: they are moved, not imported twice.
  if (imported === undefined) await importAll(db, dataDir, present, log);
  const target = path.join(dataDir, NEDB_IMPORTED_DIR);
  fs.mkdirSync(target, { recursive: true });
  for (const collection of present) {
    for (const name of [`${collection}.db`, `${collection}.db~`]) {
      if (fs.existsSync(path.join(dataDir, name))) fs.renameSync(path.join(dataDir, name), path.join(target, name));
    }
  }
  log('nedb files moved', { directory: target });
}

async function importAll(db: Database.Database, dataDir: string, collections: readonly string[], log: Log): Promise<void> {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS nedb_docs (collection TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (collection, id)) WITHOUT ROWID');
  const keep = db.prepare('INSERT OR REPLACE INTO temp.nedb_docs (collection, id, doc) VALUES (?, ?, ?)');
  const drop = db.prepare('DELETE FROM temp.nedb_docs WHERE collection = ? AND id = ?');
  const page = db.prepare<[string, string], { id: string; doc: string }>('SELECT id, doc FROM temp.nedb_docs WHERE collection = ? AND id > ? ORDER BY id LIMIT ' + PAGE);
  const writers = nedbRowWriters(db);
  // One transaction, taken at BEGIN: a half-done import leaves nothing, and another process waits for it.
  db.exec('BEGIN IMMEDIATE');
  try {
    for (const collection of collections) {
      const { corrupt } = await readNedbFile(path.join(dataDir, `${collection}.db`), {
        keep: (id, doc) => keep.run(collection, id, JSON.stringify(doc)),
        drop: (id) => drop.run(collection, id),
        progress: (done, final) => log('importing nedb data', { collection, phase: 'reading', done, ...(final ? { total: done } : {}) }),
      });
      if (corrupt > 0) log('skipped unreadable nedb lines', { collection, corrupt });
      let done = 0;
      for (let last = '', rows = page.all(collection, last); rows.length > 0; rows = page.all(collection, last)) {
        for (const row of rows) writers[collection as keyof typeof writers](JSON.parse(row.doc) as Record<string, unknown>);
        done += rows.length;
        last = rows[rows.length - 1].id;
        if (done % 10000 === 0) log('importing nedb data', { collection, phase: 'writing', done });
      }
      log('importing nedb data', { collection, phase: 'writing', done, total: done });
    }
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(IMPORTED_KEY, new Date().toISOString());
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  } finally {
    db.exec('DROP TABLE IF EXISTS temp.nedb_docs');
  }
}
