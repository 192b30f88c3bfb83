/** How each document of the previous release (nedb) becomes rows of the SQLite schema. */
import type Database from 'better-sqlite3';
import type { Access, Channel, Event, Folder, User } from '../../model/items';
import { decodeKeys } from '../safe-keys';
import type { DeletionRecord, StoredChange } from '../store';
import { eventColumns, INSERT_TAG } from './sqlite-events';

type NedbDoc = Record<string, unknown>;

/** The previous release's item: its storage key, account and derived fields dropped, free-form keys unescaped. */
function itemOf<T>(doc: NedbDoc, storedOnly: readonly string[], freeForm: readonly string[]): T {
  const item: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(doc)) {
    if (field === '_id' || field === 'account' || storedOnly.includes(field)) continue;
    item[field] = freeForm.includes(field) ? decodeKeys(value) : value;
  }
  return item as T;
}

/** One writer per collection, each inserting one nedb document inside the import's transaction. */
export function nedbRowWriters(db: Database.Database): Record<'users' | 'accesses' | 'channels' | 'folders' | 'events' | 'deletions' | 'changes', (doc: NedbDoc) => void> {
  const user = db.prepare('INSERT INTO users (username, doc) VALUES (?, ?)');
  const access = db.prepare('INSERT INTO accesses (account, id, type, name, createdBy, doc) VALUES (?, ?, ?, ?, ?, ?)');
  const channel = db.prepare('INSERT INTO channels (account, id, name, trashed, doc) VALUES (?, ?, ?, ?, ?)');
  const folder = db.prepare('INSERT INTO folders (account, channelId, id, parentKey, name, doc) VALUES (?, ?, ?, ?, ?, ?)');
  const event = db.prepare(
    'INSERT INTO events (account, channelId, id, folderKey, time, endTime, period, duration, type, typeClass, trashed, modified, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const tag = db.prepare(INSERT_TAG);
  const deletion = db.prepare('INSERT OR REPLACE INTO deletions (account, kind, channelId, id, deleted, doc) VALUES (?, ?, ?, ?, ?, ?)');
  const change = db.prepare('INSERT INTO changes (account, seq, time, kind, channelId, scope, doc) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const freeForm = ['clientData'];

  return {
    users(doc) {
      const item = itemOf<User>(doc, [], []);
      // A user's _id is its username, and it has no account field to drop.
      user.run(String(doc._id), JSON.stringify({ ...item, username: item.username ?? doc._id }));
    },
    accesses(doc) {
      const item = itemOf<Access>(doc, [], freeForm);
      access.run(doc.account, item.id, item.type, item.name, item.createdBy, JSON.stringify(item));
    },
    channels(doc) {
      const item = itemOf<Channel>(doc, [], freeForm);
      channel.run(doc.account, item.id, item.name, item.trashed ? 1 : 0, JSON.stringify(item));
    },
    folders(doc) {
      const item = itemOf<Folder>(doc, ['parentKey'], freeForm);
      folder.run(doc.account, item.channelId, item.id, item.parentId ?? '', item.name, JSON.stringify(item));
    },
    events(doc) {
      const item = itemOf<Event>(doc, ['endTime', 'typeClass'], ['content', 'clientData']);
      const { lastInsertRowid } = event.run(doc.account, item.channelId, item.id, ...eventColumns(item), JSON.stringify(item));
      for (const name of item.tags ?? []) tag.run(lastInsertRowid, name, doc.account, item.channelId, item.time);
    },
    deletions(doc) {
      const record = itemOf<DeletionRecord & { kind?: string }>(doc, [], []);
      const { kind, ...rest } = record;
      deletion.run(doc.account, kind, rest.channelId ?? '', rest.id, rest.deleted, JSON.stringify(rest));
    },
    changes(doc) {
      const stored = itemOf<StoredChange>(doc, [], []);
      change.run(doc.account, stored.seq, stored.time, stored.kind, stored.channelId ?? null, stored.scope ? JSON.stringify(stored.scope) : null, JSON.stringify(stored));
    },
  };
}
