/** Accesses on SQLite: the token records of an account, with their deletion records. */
import type Database from 'better-sqlite3';
import type { Access } from '../../model/items';
import type { AccessesStore } from '../store';
import { withoutUndefined } from '../../model/without-undefined';
import { applyChangedFields } from './changed-fields';
import type { ChangeWriter } from './change-writer';
import type { DeletionRecorder } from './deletion-recorder';
import { withConflicts } from './sqlite-conflicts';

type Doc = { doc: string };

/** Opens the accesses half of the SQLite store over a migrated database. */
export function sqliteAccesses(db: Database.Database, writer: ChangeWriter, deletions: DeletionRecorder): AccessesStore {
  const get = db.prepare<[string, string], Doc>('SELECT doc FROM accesses WHERE account = ? AND id = ?');
  // Sorted by the (account, name, id) index; the type filter is a test on each of the account's few accesses.
  const list = db.prepare<{ account: string; types: string; createdBy: string | null }, Doc>(
    `SELECT doc FROM accesses WHERE account = @account AND type IN (SELECT value FROM json_each(@types))
     AND (@createdBy IS NULL OR createdBy = @createdBy) ORDER BY name, id`,
  );
  const insert = db.prepare('INSERT INTO accesses (account, id, type, name, createdBy, doc) VALUES (?, ?, ?, ?, ?, ?)');
  const update = db.prepare('UPDATE accesses SET type = ?, name = ?, createdBy = ?, doc = ? WHERE account = ? AND id = ?');
  const recordUse = db.prepare("UPDATE accesses SET doc = json_set(doc, '$.lastUsed', ?) WHERE account = ? AND id = ?");
  const remove = db.prepare('DELETE FROM accesses WHERE account = ? AND id = ?');
  const read = (row: Doc | undefined): Access | null => (row ? (JSON.parse(row.doc) as Access) : null);

  return {
    async get(account, id) {
      return read(get.get(account, id));
    },
    async list(account, { types, createdBy }) {
      return list.all({ account, types: JSON.stringify(types), createdBy: createdBy ?? null }).map((row) => JSON.parse(row.doc) as Access);
    },
    async create(account, access, change) {
      const item = withoutUndefined(access);
      return writer.write(account, (append) => {
        withConflicts({ 'accesses.id': { id: item.id } }, () => insert.run(account, item.id, item.type, item.name, item.createdBy, JSON.stringify(item)));
        return append(change);
      });
    },
    async replace(account, previous, next, change) {
      return writer.write(account, (append) => {
        const current = read(get.get(account, previous.id));
        if (!current) return null;
        const item = applyChangedFields(current, previous, next);
        update.run(item.type, item.name, item.createdBy, JSON.stringify(item), account, item.id);
        return { item, change: append(change) };
      });
    },
    async recordUse(account, id, time) {
      recordUse.run(time, account, id);
    },
    async remove(account, access, deleted, change) {
      return writer.write(account, (append) => {
        if (remove.run(account, access.id).changes === 0) return null;
        deletions.record(account, 'accesses', { id: access.id, deleted }, { createdBy: access.createdBy });
        return append(change);
      });
    },
  };
}
