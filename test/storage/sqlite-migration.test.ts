/** A database written by an earlier schema is migrated when opened, keeping its data and queries. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { openSqliteStore, SQLITE_FILE } from '../../src/storage/sqlite/sqlite-store';
import { eventColumns } from '../../src/storage/sqlite/sqlite-events';
import { SCHEMA_V1 } from './sqlite-schema-v1';
import { changeOf, eventOf } from './item-builders';

describe('SQLite schema migration', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-migrate-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a version 1 database gets event_tags with account, channel and time, and tag pages read it in time order', async () => {
    const v1 = new Database(path.join(dir, SQLITE_FILE));
    v1.exec(SCHEMA_V1);
    v1.pragma('user_version = 1');
    const events = [eventOf('c1', 'old', { time: 10, tags: ['a', 'b'] }), eventOf('c1', 'new', { time: 20, tags: ['a'] }), eventOf('c2', 'other', { time: 15, tags: ['a'] })];
    for (const event of events) {
      const { lastInsertRowid } = v1
        .prepare('INSERT INTO events (account, channelId, id, folderKey, time, endTime, period, duration, type, typeClass, trashed, modified, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run('u', event.channelId, event.id, ...eventColumns(event), JSON.stringify(event));
      for (const tag of event.tags) v1.prepare('INSERT INTO event_tags (eventRowid, tag) VALUES (?, ?)').run(lastInsertRowid, tag);
    }
    v1.close();

    const store = await openSqliteStore(dir);
    try {
      const page = (tags: string[]) => store.events.page('u', { channelId: 'c1', places: '*', state: 'default', ascending: false, limit: 10, tags });
      expect((await page(['a'])).map((e) => e.id)).to.deep.equal(['new', 'old']);
      expect((await page(['b', 'a'])).map((e) => e.id)).to.deep.equal(['old']);
      // Written after the migration: the new rows carry the event's time, and follow a change of it.
      await store.events.create('u', eventOf('c1', 'later', { time: 30, tags: ['b'] }), changeOf('events', ['later']));
      const old = (await store.events.get('u', 'c1', 'old'))!;
      await store.events.replace('u', old, { ...old, time: 40 }, changeOf('events', ['old']));
      expect((await page(['b'])).map((e) => e.id)).to.deep.equal(['old', 'later']);
    } finally {
      await store.close();
    }
    const migrated = new Database(path.join(dir, SQLITE_FILE), { readonly: true });
    expect(migrated.pragma('user_version', { simple: true })).to.equal(3);
    expect(migrated.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'event_tags_v1'").pluck().get()).to.equal(0);
    migrated.close();
  });
});
