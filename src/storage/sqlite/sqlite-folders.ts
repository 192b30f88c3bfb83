/** Folders on SQLite: a tree by parentId with names unique among siblings, and the bulk removal of a subtree. */
import type Database from 'better-sqlite3';
import { cycleError } from '../invariants';
import type { Folder } from '../../model/items';
import type { FoldersStore, StoredChange } from '../store';
import { withoutUndefined } from '../../model/without-undefined';
import { applyChangedFields } from './changed-fields';
import type { ChangeWriter } from './change-writer';
import { withConflicts } from './sqlite-conflicts';

type Doc = { doc: string };

// The events of the subtree's folders (`@folders`, a JSON array), for the bulk statements below.
const IN_SUBTREE = `e.account = @account AND e.channelId = @channelId AND e.folderKey IN (SELECT value FROM json_each(@folders))`;

// One statement each, whatever the number of events: the deletion records take their place from the ancestries.
const EVENT_IDS = `SELECT e.id FROM events e WHERE ${IN_SUBTREE}`;
const MERGE_EVENTS = `UPDATE events AS e SET folderKey = ifnull(@parentId, ''), modified = @modified,
  doc = json_set(doc, '$.folderId', @parentId, '$.modified', @modified, '$.modifiedBy', @modifiedBy) WHERE ${IN_SUBTREE}`;
const RECORD_EVENT_DELETIONS = `INSERT OR REPLACE INTO deletions (account, kind, channelId, id, deleted, doc)
  SELECT e.account, 'events', e.channelId, e.id, @deleted,
    json_object('id', e.id, 'deleted', @deleted, 'channelId', e.channelId, 'folderIds', json(a.value))
  FROM events e JOIN json_each(@ancestries) a ON a.key = e.folderKey WHERE ${IN_SUBTREE}`;
const DELETE_EVENTS = `DELETE FROM events AS e WHERE ${IN_SUBTREE}`;
const IN_FOLDERS = `f.account = @account AND f.channelId = @channelId AND f.id IN (SELECT value FROM json_each(@folders))`;
const RECORD_FOLDER_DELETIONS = `INSERT OR REPLACE INTO deletions (account, kind, channelId, id, deleted, doc)
  SELECT f.account, 'folders', f.channelId, f.id, @deleted,
    json_object('id', f.id, 'deleted', @deleted, 'channelId', f.channelId, 'folderIds', json(ifnull(a.value, json_array(f.id))))
  FROM folders f LEFT JOIN json_each(@ancestries) a ON a.key = f.id WHERE ${IN_FOLDERS}`;
const DELETE_FOLDERS = `DELETE FROM folders AS f WHERE ${IN_FOLDERS}`;

// The ancestry of @parentId (itself first), walked up parentKey by primary key; bounded by the tree's depth.
const IS_ANCESTOR_OR_SELF = `WITH RECURSIVE up(id, depth) AS (
    SELECT @parentId, 0
    UNION ALL SELECT f.parentKey, up.depth + 1 FROM folders f JOIN up ON f.account = @account AND f.channelId = @channelId AND f.id = up.id
      WHERE f.parentKey <> '' AND up.depth < 10000
  ) SELECT 1 FROM up WHERE id = @id LIMIT 1`;

/** Opens the folders half of the SQLite store over a migrated database. */
export function sqliteFolders(db: Database.Database, writer: ChangeWriter): FoldersStore {
  const inChannel = db.prepare<[string, string], Doc>('SELECT doc FROM folders WHERE account = ? AND channelId = ? ORDER BY name, id');
  const get = db.prepare<[string, string, string], Doc>('SELECT doc FROM folders WHERE account = ? AND channelId = ? AND id = ?');
  const insert = db.prepare('INSERT INTO folders (account, channelId, id, parentKey, name, doc) VALUES (?, ?, ?, ?, ?, ?)');
  const update = db.prepare('UPDATE folders SET parentKey = ?, name = ?, doc = ? WHERE account = ? AND channelId = ? AND id = ?');
  const eventIds = db.prepare<Record<string, unknown>, { id: string }>(EVENT_IDS).pluck();
  const mergeEvents = db.prepare(MERGE_EVENTS);
  const recordEventDeletions = db.prepare(RECORD_EVENT_DELETIONS);
  const deleteEvents = db.prepare(DELETE_EVENTS);
  const recordFolderDeletions = db.prepare(RECORD_FOLDER_DELETIONS);
  const deleteFolders = db.prepare(DELETE_FOLDERS);
  const isAncestorOrSelf = db.prepare<Record<string, unknown>, number>(IS_ANCESTOR_OR_SELF).pluck();
  const read = (row: Doc | undefined): Folder | null => (row ? (JSON.parse(row.doc) as Folder) : null);
  const conflicts = (folder: Folder) => ({ 'folders.id': { id: folder.id }, 'folders.name': { name: folder.name } });

  return {
    async inChannel(account, channelId) {
      return inChannel.all(account, channelId).map((row) => JSON.parse(row.doc) as Folder);
    },
    async create(account, folder, change) {
      const item = withoutUndefined(folder);
      return writer.write(account, (append) => {
        withConflicts(conflicts(item), () => insert.run(account, item.channelId, item.id, item.parentId ?? '', item.name, JSON.stringify(item)));
        return append(change);
      });
    },
    async replace(account, previous, next, change) {
      return writer.write(account, (append) => {
        const current = read(get.get(account, previous.channelId, previous.id));
        if (!current) return null;
        const item = applyChangedFields(current, previous, next);
        // Read in the write's transaction: two crossed moves (X under Y, Y under X) cannot both pass.
        if (item.parentId && item.parentId !== current.parentId && isAncestorOrSelf.get({ account, channelId: previous.channelId, parentId: item.parentId, id: item.id })) {
          throw cycleError(item);
        }
        withConflicts(conflicts(item), () => update.run(item.parentId ?? '', item.name, JSON.stringify(item), account, previous.channelId, previous.id));
        return { item, change: append(change) };
      });
    },
    async removeSubtree(account, removal) {
      const { channelId, deleted, events } = removal;
      const params = { account, channelId, folders: JSON.stringify(removal.folderIds) };
      return writer.write(account, (append) => {
        const ids = eventIds.all(params) as unknown as string[];
        const changes: StoredChange[] = [];
        if (ids.length > 0) {
          if (events.mode === 'merge') {
            mergeEvents.run({ ...params, parentId: events.parentId, modified: events.modified, modifiedBy: events.modifiedBy });
          } else {
            recordEventDeletions.run({ ...params, deleted, ancestries: JSON.stringify(removal.ancestries) });
            deleteEvents.run(params);
          }
          changes.push(append({ ...removal.eventsChange, ids }));
        }
        recordFolderDeletions.run({ ...params, deleted, ancestries: JSON.stringify(removal.ancestries) });
        deleteFolders.run(params);
        changes.push(append(removal.foldersChange));
        return { eventIds: ids, changes };
      });
    },
  };
}

