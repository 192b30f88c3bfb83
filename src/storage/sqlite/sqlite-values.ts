/** A channel's current values on SQLite: one row per key, replaced as a whole. */
import type Database from 'better-sqlite3';
import type { ValueItem } from '../../model/items';
import type { ValuesStore } from '../store';
import type { ChangeWriter } from './change-writer';

type Doc = { doc: string };

const LIST = `SELECT doc FROM channel_values WHERE account = @account AND channelId = @channelId
  AND (@keys IS NULL OR key IN (SELECT value FROM json_each(@keys))) ORDER BY key`;

/** Opens the values half of the SQLite store over a migrated database. */
export function sqliteValues(db: Database.Database, writer: ChangeWriter): ValuesStore {
  const list = db.prepare<{ account: string; channelId: string; keys: string | null }, Doc>(LIST);
  const upsert = db.prepare('INSERT INTO channel_values (account, channelId, key, doc) VALUES (?, ?, ?, ?) ON CONFLICT (account, channelId, key) DO UPDATE SET doc = excluded.doc');
  const remove = db.prepare('DELETE FROM channel_values WHERE account = ? AND channelId = ? AND key = ?');

  return {
    async list(account, channelId, keys) {
      return list.all({ account, channelId, keys: keys ? JSON.stringify(keys) : null }).map((row) => JSON.parse(row.doc) as ValueItem);
    },
    async set(account, channelId, item, change) {
      return writer.write(account, (append) => {
        upsert.run(account, channelId, item.key, JSON.stringify(item));
        return append(change);
      });
    },
    async remove(account, channelId, key, change) {
      return writer.write(account, (append) => (remove.run(account, channelId, key).changes === 0 ? null : append(change)));
    },
  };
}
