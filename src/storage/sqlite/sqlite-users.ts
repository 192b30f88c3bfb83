/** Users on SQLite: one row per username. */
import type Database from 'better-sqlite3';
import type { RealtimeSettings, User } from '../../model/items';
import type { UsersStore } from '../store';
import { withoutUndefined } from '../../model/without-undefined';
import { withConflicts } from './sqlite-conflicts';

/** Opens the users half of the SQLite store over a migrated database. */
export function sqliteUsers(db: Database.Database): UsersStore {
  const insert = db.prepare('INSERT INTO users (username, doc) VALUES (?, ?)');
  const get = db.prepare<[string], string>('SELECT doc FROM users WHERE username = ?').pluck();
  // One statement: concurrent updates of different settings both stay.
  const updateRealtime = db
    .prepare<[string, string], string>("UPDATE users SET doc = json_set(doc, '$.realtime', json_patch(coalesce(doc -> '$.realtime', '{}'), ?)) WHERE username = ? RETURNING doc -> '$.realtime'")
    .pluck();
  return {
    async create(user) {
      const item = withoutUndefined(user);
      withConflicts({ 'users.username': { username: item.username } }, () => insert.run(item.username, JSON.stringify(item)));
    },
    async get(username) {
      const doc = get.get(username) as string | undefined;
      return doc === undefined ? null : (JSON.parse(doc) as User);
    },
    async updateRealtimeSettings(username, changes) {
      const stored = updateRealtime.get(JSON.stringify(changes), username);
      return stored === undefined ? null : (JSON.parse(stored) as Partial<RealtimeSettings>);
    },
  };
}
