/** The one-time import of a previous release's nedb files into the SQLite store. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-store';
import { NEDB_IMPORTED_DIR } from '../../src/storage/sqlite/nedb-import';
import type { EventsPageQuery } from '../../src/storage/store';

// Escaped as the previous release's encodeKeys wrote them: `.` → %2E, `$` → %24, `%` → %25.
const CONTENT_ESCAPED = { 'a%2Eb': { '%24set': 1 }, '100%25': [{ 'k%2Ek': 'ü 🎉' }], plain: 'x' };
const CONTENT = { 'a.b': { $set: 1 }, '100%': [{ 'k.k': 'ü 🎉' }], plain: 'x' };
const T = { created: 1, createdBy: 'a1', modified: 1, modifiedBy: 'a1' };

const lines = (...docs: unknown[]) => docs.map((doc) => JSON.stringify(doc)).join('\n') + '\n';

function writeNedbDataDir(dir: string): void {
  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, `${name}.db`), text);
  write('users', lines({ _id: 'alice', username: 'alice', passwordHash: 'h', created: 1 }, { $$indexCreated: { fieldName: 'x', unique: false } }));
  write(
    'accesses',
    lines(
      { _id: 'alice/a1', account: 'alice', id: 'a1', token: 't', type: 'personal', name: 'Old name', permissions: [], ...T },
      // A later line with the same _id replaces the earlier document.
      { _id: 'alice/a1', account: 'alice', id: 'a1', token: 't', type: 'personal', name: 'Me', permissions: [], clientData: { 'x%2Ey': 1 }, ...T },
      { _id: 'alice/gone', account: 'alice', id: 'gone', token: 'g', type: 'app', name: 'Gone', permissions: [], ...T },
      { $$deleted: true, _id: 'alice/gone' },
    ),
  );
  write('channels', lines({ _id: 'alice/c1', account: 'alice', id: 'c1', name: 'Work', enforceNoEventsOverlap: false, ...T }));
  write('folders', lines({ _id: 'alice/c1/f1', account: 'alice', id: 'f1', channelId: 'c1', name: 'Top', parentId: null, ...T, parentKey: '' }));
  write(
    'events',
    lines(
      { $$indexCreated: { fieldName: ['account', 'channelId', 'time'] } },
      { _id: 'alice/c1/e1', account: 'alice', id: 'e1', channelId: 'c1', folderId: 'f1', time: 10, duration: null, type: 'activity/run', tags: ['t'], content: CONTENT_ESCAPED, ...T, endTime: 1e15, typeClass: 'activity' },
      { _id: 'alice/c1/e2', account: 'alice', id: 'e2', channelId: 'c1', folderId: null, time: 20, type: 'note/txt', tags: [], ...T, endTime: 20, typeClass: 'note' },
      { $$indexRemoved: 'whatever' },
    ),
  );
  write('deletions', lines({ _id: 'alice/events/c1/old', account: 'alice', kind: 'events', channelId: 'c1', folderIds: ['f1'], id: 'old', deleted: 5 }));
  write(
    'changes',
    lines(
      { _id: 'alice/1', account: 'alice', seq: 1, kind: 'channels', action: 'created', channelId: 'c1', ids: ['c1'], time: 1 },
      { _id: 'alice/2', account: 'alice', seq: 2, kind: 'events', action: 'created', channelId: 'c1', ids: ['e1'], time: 2, scope: { folderIds: ['f1'] } },
    ),
  );
}

describe('SQLite store import of nedb files', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-import-'));
    writeNedbDataDir(dir);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imports every collection once, finds it all back through the port, and moves the files aside', async () => {
    const logged: Record<string, unknown>[] = [];
    const store = await openSqliteStore(dir, (message, details) => logged.push({ message, ...details }));
    try {
      expect(await store.users.get('alice')).to.deep.equal({ username: 'alice', passwordHash: 'h', created: 1 });
      expect(await store.accesses.get('alice', 'a1')).to.deep.equal({ id: 'a1', token: 't', type: 'personal', name: 'Me', permissions: [], clientData: { 'x.y': 1 }, ...T });
      expect(await store.accesses.get('alice', 'gone')).to.equal(null);
      expect(await store.channels.list('alice', 'all')).to.deep.equal([{ id: 'c1', name: 'Work', enforceNoEventsOverlap: false, ...T }]);
      expect(await store.folders.inChannel('alice', 'c1')).to.deep.equal([{ id: 'f1', channelId: 'c1', name: 'Top', parentId: null, ...T }]);
      const e1 = { id: 'e1', channelId: 'c1', folderId: 'f1', time: 10, duration: null, type: 'activity/run', tags: ['t'], content: CONTENT, ...T };
      expect(await store.events.get('alice', 'c1', 'e1')).to.deep.equal(e1);
      const query: EventsPageQuery = { channelId: 'c1', places: ['f1'], tags: ['t'], types: ['activity/*'], running: true, state: 'default', ascending: false, limit: 10 };
      expect(await store.events.page('alice', query)).to.deep.equal([e1]);
      expect((await store.events.page('alice', { ...query, places: [null], tags: [], types: [], running: false })).map((e) => e.id)).to.deep.equal(['e2']);
      expect(await store.deletions.since('alice', 'events', 0)).to.deep.equal([{ channelId: 'c1', folderIds: ['f1'], id: 'old', deleted: 5 }]);
      expect(await store.changes.since('alice', 0, 10, { accesses: 'all', channels: '*', partial: [] })).to.deep.equal([
        { seq: 1, kind: 'channels', action: 'created', channelId: 'c1', ids: ['c1'], time: 1 },
        { seq: 2, kind: 'events', action: 'created', channelId: 'c1', ids: ['e1'], time: 2, scope: { folderIds: ['f1'] } },
      ]);
      // The log goes on from the imported seqs.
      expect((await store.channels.create('alice', { id: 'c2', name: 'New', enforceNoEventsOverlap: false, ...T }, { kind: 'channels', action: 'created', ids: ['c2'] })).seq).to.equal(3);
    } finally {
      await store.close();
    }
    expect(logged.filter((line) => line.message === 'importing nedb data' && line.total !== undefined).map((line) => line.collection)).to.include.members([
      'users', 'accesses', 'channels', 'folders', 'events', 'deletions', 'changes',
    ]);
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.db'))).to.deep.equal([]);
    expect(fs.readdirSync(path.join(dir, NEDB_IMPORTED_DIR)).sort()).to.deep.equal(['accesses.db', 'changes.db', 'channels.db', 'deletions.db', 'events.db', 'folders.db', 'users.db']);
  });

  it('does not import again on the next open, even when the files are put back', async () => {
    await (await openSqliteStore(dir)).close();
    for (const name of fs.readdirSync(path.join(dir, NEDB_IMPORTED_DIR))) fs.renameSync(path.join(dir, NEDB_IMPORTED_DIR, name), path.join(dir, name));
    const logged: string[] = [];
    const store = await openSqliteStore(dir, (message) => logged.push(message));
    try {
      expect(logged).to.not.include('importing nedb data');
      expect(await store.changes.latestSeq('alice')).to.equal(2);
      expect(await store.users.get('alice')).to.not.equal(null);
    } finally {
      await store.close();
    }
  });

  it('opens an empty data dir without importing anything', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-empty-'));
    const logged: string[] = [];
    const store = await openSqliteStore(path.join(empty, 'created'), (message) => logged.push(message));
    await store.close();
    expect(logged).to.deep.equal([]);
    expect(fs.existsSync(path.join(empty, 'created', 'logbook.sqlite'))).to.equal(true);
    fs.rmSync(empty, { recursive: true, force: true });
  });
});
