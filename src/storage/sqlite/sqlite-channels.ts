/** Channels on SQLite; names are unique per account, and the final delete takes the channel's folders and events. */
import type Database from 'better-sqlite3';
import type { Channel } from '../../model/items';
import type { ChannelsStore } from '../store';
import { withoutUndefined } from '../../model/without-undefined';
import { applyChangedFields } from './changed-fields';
import type { ChangeWriter } from './change-writer';
import type { DeletionRecorder } from './deletion-recorder';
import { withConflicts } from './sqlite-conflicts';

type Doc = { doc: string };

// state: 'default' (0), 'trashed' (1), 'all' (NULL).
const LIST = `SELECT doc FROM channels WHERE account = @account AND (@trashed IS NULL OR trashed = @trashed)
  AND (@ids IS NULL OR id IN (SELECT value FROM json_each(@ids))) ORDER BY name`;

/** Opens the channels half of the SQLite store over a migrated database. */
export function sqliteChannels(db: Database.Database, writer: ChangeWriter, deletions: DeletionRecorder): ChannelsStore {
  const get = db.prepare<[string, string], Doc>('SELECT doc FROM channels WHERE account = ? AND id = ?');
  const list = db.prepare<{ account: string; trashed: number | null; ids: string | null }, Doc>(LIST);
  const insert = db.prepare('INSERT INTO channels (account, id, name, trashed, doc) VALUES (?, ?, ?, ?, ?)');
  const update = db.prepare('UPDATE channels SET name = ?, trashed = ?, doc = ? WHERE account = ? AND id = ?');
  const removeEvents = db.prepare('DELETE FROM events WHERE account = ? AND channelId = ?');
  const removeFolders = db.prepare('DELETE FROM folders WHERE account = ? AND channelId = ?');
  const removeValues = db.prepare('DELETE FROM channel_values WHERE account = ? AND channelId = ?');
  const remove = db.prepare('DELETE FROM channels WHERE account = ? AND id = ?');
  const read = (row: Doc | undefined): Channel | null => (row ? (JSON.parse(row.doc) as Channel) : null);
  const conflicts = (channel: Channel) => ({ 'channels.id': { id: channel.id }, 'channels.name': { name: channel.name } });

  return {
    async get(account, id) {
      return read(get.get(account, id));
    },
    async list(account, state, ids) {
      const trashed = state === 'all' ? null : state === 'trashed' ? 1 : 0;
      return list.all({ account, trashed, ids: ids ? JSON.stringify(ids) : null }).map((row) => JSON.parse(row.doc) as Channel);
    },
    async create(account, channel, change) {
      const item = withoutUndefined(channel);
      return writer.write(account, (append) => {
        withConflicts(conflicts(item), () => insert.run(account, item.id, item.name, item.trashed ? 1 : 0, JSON.stringify(item)));
        return append(change);
      });
    },
    async replace(account, previous, next, change) {
      return writer.write(account, (append) => {
        const current = read(get.get(account, previous.id));
        if (!current) return null;
        const item = applyChangedFields(current, previous, next);
        withConflicts(conflicts(item), () => update.run(item.name, item.trashed ? 1 : 0, JSON.stringify(item), account, previous.id));
        return { item, change: append(change) };
      });
    },
    async remove(account, id, deleted, change) {
      return writer.write(account, (append) => {
        if (remove.run(account, id).changes === 0) return null;
        removeEvents.run(account, id);
        removeFolders.run(account, id);
        removeValues.run(account, id);
        deletions.record(account, 'channels', { id, deleted });
        return append(change);
      });
    },
  };
}
