/** The store contract for the change log, listeners, deletion records and the bulk removal of a folder subtree. */
import { expect } from 'chai';
import type { ChangeVisibility, Store, StoredChange } from '../../src/storage/store';
import { openStore } from '../../src/storage/open-store';
import { describeStore } from './store-fixture';
import { accessOf, changeOf, channelOf, eventOf, folderOf } from './item-builders';

/** What a personal access may read: the whole log. */
const EVERYTHING: ChangeVisibility = { accesses: 'all', channels: '*', partial: [] };

/** One change in `account`'s log, written through `on` (a store, or another node on the same data). */
const writeChange = (on: Store, account: string, id: string) => on.channels.create(account, channelOf(id), changeOf('channels', [id]));
const seqsIn = (page: { changes: StoredChange[] }) => page.changes.map((change) => change.seq);

describeStore('store changes', (context) => {
  it('200 concurrent writes to one account get strictly increasing, gap-free seqs, each heard once in seq order after it is stored', async () => {
    const { store } = context;
    const heard: { account: string; seq: number }[] = [];
    store.onChange((account, change) => heard.push({ account, seq: change.seq }));
    const writes = Array.from({ length: 200 }, (_, i) =>
      store.events.create('u', eventOf('c1', `e${i}`, { time: i }), changeOf('events', [`e${i}`], { channelId: 'c1' })),
    );
    const changes = await Promise.all(writes);
    const seqs = changes.map((change) => change.seq).sort((a, b) => a - b);
    expect(seqs).to.deep.equal(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(heard.map((h) => h.seq)).to.deep.equal(seqs);
    expect(new Set(heard.map((h) => h.account))).to.deep.equal(new Set(['u']));
    expect(await store.changes.latestSeq('u')).to.equal(200);
    expect(await store.changes.page('u', 0, 1, EVERYTHING)).to.deep.include({ latestSeq: 200, expired: null });
    const read = await store.changes.since('u', 0, 500, { accesses: 'all', channels: '*', partial: [] });
    expect(read.map((change) => change.seq)).to.deep.equal(seqs);
    expect(read[199]).to.deep.equal(changes.find((change) => change.seq === 200));
  });

  it('a page read while writes go on holds every seq after `since` up to its latestSeq and none beyond, so a reader moving on to it misses nothing', async () => {
    const { store } = context;
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing || i < 20; i++) {
        await Promise.all([0, 1, 2].map((j) => store.events.create('u', eventOf('c1', `w${i}-${j}`), changeOf('events', [`w${i}-${j}`], { channelId: 'c1' }))));
      }
    })();
    const readFrom: number[] = [];
    try {
      for (let since = 0; readFrom.length < 30; ) {
        const { changes, latestSeq } = await store.changes.page('u', since, 1000, EVERYTHING);
        const seqs = changes.map((change) => change.seq);
        expect(seqs, `page after ${since}`).to.deep.equal(Array.from({ length: latestSeq - since }, (_, i) => since + i + 1));
        readFrom.push(since);
        since = latestSeq;
      }
    } finally {
      writing = false;
      await writer;
    }
  });

  it('page reports the latest seq wherever it starts: before, inside and after the log, and when more changes follow than asked', async () => {
    const { store } = context;
    for (let i = 0; i < 10; i++) await store.events.create('u', eventOf('c1', `p${i}`), changeOf('events', [`p${i}`], { channelId: 'c1' }));
    const seqsOf = async (since: number, limit: number) => {
      const { changes, latestSeq, expired } = await store.changes.page('u', since, limit, EVERYTHING);
      return { seqs: changes.map((change) => change.seq), latestSeq, expired };
    };
    expect(await seqsOf(0, 4)).to.deep.equal({ seqs: [1, 2, 3, 4], latestSeq: 10, expired: null });
    expect(await seqsOf(4, 6)).to.deep.equal({ seqs: [5, 6, 7, 8, 9, 10], latestSeq: 10, expired: null });
    expect(await seqsOf(4, 5)).to.deep.equal({ seqs: [5, 6, 7, 8, 9], latestSeq: 10, expired: null });
    expect(await seqsOf(9, 5)).to.deep.equal({ seqs: [10], latestSeq: 10, expired: null });
    expect(await seqsOf(10, 5)).to.deep.equal({ seqs: [], latestSeq: 10, expired: null });
    expect(await seqsOf(1e9, 5)).to.deep.equal({ seqs: [], latestSeq: 10, expired: null });
  });

  it('a listener hears a change when its write can already be read', async () => {
    const { store } = context;
    const reads: Promise<unknown>[] = [];
    store.onChange((account, change) => reads.push(store.events.get(account, 'c1', change.ids[0])));
    await store.events.create('u', eventOf('c1', 'e1'), changeOf('events', ['e1']));
    expect(await Promise.all(reads)).to.deep.equal([eventOf('c1', 'e1')]);
  });

  it('changes carry the record given, with seq and time, and no undefined fields', async () => {
    const { store } = context;
    const change = await store.channels.create('u', channelOf('c1'), { kind: 'channels', action: 'created', ids: ['c1'], channelId: undefined, scope: undefined });
    expect(Object.keys(change).sort()).to.deep.equal(['action', 'ids', 'kind', 'seq', 'time']);
    expect(change.time).to.be.a('number');
    const [read] = await store.changes.since('u', 0, 10, { accesses: 'all', channels: '*', partial: [] });
    expect(read).to.deep.equal(change);
    expect(await store.changes.page('u', 0, 10, EVERYTHING)).to.deep.equal({ changes: [change], latestSeq: 1, expired: null });
    expect(await store.changes.latestSeq('nobody')).to.equal(0);
    expect(await store.changes.page('nobody', 0, 10, EVERYTHING)).to.deep.equal({ changes: [], latestSeq: 0, expired: null });
  });

  it('pageJson, where a backend has it, is the page as callers see it: every change without its scope', async () => {
    const { store } = context;
    if (!store.changes.pageJson) return;
    await store.channels.create('u', channelOf('c1'), changeOf('channels', ['c1'], { channelId: 'c1' }));
    await store.folders.create('u', folderOf('c1', 'f1'), changeOf('folders', ['f1'], { channelId: 'c1', scope: { folderIds: ['f1'] } }));
    const page = await store.changes.page('u', 0, 10, EVERYTHING);
    const json = await store.changes.pageJson('u', 0, 10, EVERYTHING);
    expect(JSON.parse(json.json)).to.deep.equal(page.changes.map(({ scope: _scope, ...change }) => change));
    expect(json.json).not.to.include('scope');
    expect(json).to.deep.include({ latestSeq: 2, expired: null });
  });

  describe('changes.since filters by visibility inside the query', () => {
    let all: StoredChange[];
    beforeEach(async () => {
      const { store } = context;
      const write = async (kind: StoredChange['kind'], id: string, extra: Partial<StoredChange> = {}) => {
        if (kind === 'accesses') return store.accesses.create('u', accessOf(id), changeOf(kind, [id], extra));
        if (kind === 'channels') return store.channels.create('u', channelOf(id), changeOf(kind, [id], { channelId: id, ...extra }));
        if (kind === 'folders') return store.folders.create('u', folderOf(extra.channelId!, id), changeOf(kind, [id], extra));
        return store.events.create('u', eventOf(extra.channelId!, id), changeOf(kind, [id], extra));
      };
      all = [
        await write('accesses', 'byApp', { scope: { accessCreators: ['app1'] } }),
        await write('accesses', 'byOther', { scope: { accessCreators: ['other'] } }),
        await write('channels', 'c1'),
        await write('channels', 'c2'),
        await write('folders', 'f1', { channelId: 'c1', scope: { folderIds: ['f1'] } }),
        await write('folders', 'f2', { channelId: 'c1', scope: { folderIds: ['f2', 'f1'] } }),
        await write('folders', 'g1', { channelId: 'c2', scope: { folderIds: ['g1'] } }),
        await write('events', 'e1', { channelId: 'c1', scope: { folderIds: ['f1'] } }),
        await write('events', 'e2', { channelId: 'c1', scope: { folderIds: ['f3'] } }),
        await write('events', 'e3', { channelId: 'c2', scope: { folderIds: ['g1'] } }),
      ];
    });
    const seqsFor = async (visibility: ChangeVisibility, since = 0, limit = 100) =>
      (await context.store.changes.since('u', since, limit, visibility)).map((change) => change.ids[0]);

    it('a personal access reads every change', async () => {
      expect(await seqsFor({ accesses: 'all', channels: '*', partial: [] })).to.deep.equal(all.map((change) => change.ids[0]));
    });

    it('an app access reads the accesses it created and the channels it was given', async () => {
      expect(await seqsFor({ accesses: { createdBy: 'app1' }, channels: ['c2'], partial: [] })).to.deep.equal(['byApp', 'c2', 'g1', 'e3']);
    });

    it('a shared access with some folders reads its channel change and the changes touching those folders', async () => {
      expect(await seqsFor({ accesses: 'none', channels: [], partial: [{ channelId: 'c1', folderIds: ['f1'] }] })).to.deep.equal(['c1', 'f1', 'f2', 'e1']);
      expect(await seqsFor({ accesses: 'none', channels: [], partial: [{ channelId: 'c2', folderIds: ['f1'] }] })).to.deep.equal(['c2']);
    });

    it('limit counts readable changes only, from seq > since', async () => {
      const visibility: ChangeVisibility = { accesses: 'none', channels: ['c2'], partial: [] };
      expect(await seqsFor(visibility, 0, 2)).to.deep.equal(['c2', 'g1']);
      expect(await seqsFor(visibility, all[6].seq, 2)).to.deep.equal(['e3']);
      expect(await seqsFor({ accesses: 'none', channels: [], partial: [] })).to.deep.equal([]);
    });
  });

  describe('a page of the whole log with more changes after it', () => {
    const readsOf = async (on: Store, read: () => Promise<unknown>) => {
      const before = on.roundTrips().roundTrips;
      await read();
      return on.roundTrips().roundTrips - before;
    };

    it('takes one read on the node that wrote the log, and names the latest seq', async () => {
      const { store } = context;
      for (let i = 1; i <= 30; i++) await writeChange(store, 'u', `c${i}`);
      let page = await store.changes.page('u', 0, 10, EVERYTHING);
      expect(seqsIn(page)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(page).to.deep.include({ latestSeq: 30, expired: null });
      expect(await readsOf(store, async () => (page = await store.changes.page('u', 10, 10, EVERYTHING)))).to.equal(1);
      expect(seqsIn(page)).to.deep.equal([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
      expect(page.latestSeq).to.equal(30);
    });

    it('takes one read on another node once it has read the latest, and sees what was written since', async () => {
      const { store } = context;
      for (let i = 1; i <= 30; i++) await writeChange(store, 'u', `c${i}`);
      const other = await context.openAnother();
      expect((await other.changes.page('u', 0, 10, EVERYTHING)).latestSeq).to.equal(30);
      for (let i = 31; i <= 35; i++) await writeChange(store, 'u', `c${i}`);
      let page = await other.changes.page('u', 10, 10, EVERYTHING);
      expect(await readsOf(other, async () => (page = await other.changes.page('u', 10, 10, EVERYTHING)))).to.equal(1);
      expect(seqsIn(page)).to.deep.equal([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
      expect(page.latestSeq).to.equal(35);
      // Far more than one read takes in (another node's burst): still the whole page and the latest.
      for (let i = 36; i <= 180; i++) await writeChange(store, 'u', `c${i}`);
      page = await other.changes.page('u', 20, 10, EVERYTHING);
      expect(seqsIn(page)).to.deep.equal([21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
      expect(page.latestSeq).to.equal(180);
    });

    it('while two nodes write, pages of 5 run on without a gap and name a latest seq at or past them', async function () {
      this.timeout(60000);
      const { store } = context;
      const other = await context.openAnother();
      // A log ahead of the reader, so that its pages are full (one read each) while the writes go on.
      for (let i = 0; i < 60; i++) await writeChange(store, 'u', `pre${i}`);
      let writing = true;
      const writers = [store, other].map(async (on, n) => {
        for (let i = 0; writing || i < 10; i++) await Promise.all([0, 1].map((j) => writeChange(on, 'u', `n${n}w${i}x${j}`)));
      });
      try {
        let since = 0;
        for (let pages = 0; pages < 40; pages++) {
          const page = await store.changes.page('u', since, 5, EVERYTHING);
          expect(seqsIn(page), `page after ${since}`).to.deep.equal(Array.from({ length: Math.min(5, page.latestSeq - since) }, (_, i) => since + i + 1));
          // A full page moves the reader to its last change, a short one to the latest: it skips nothing.
          since = page.changes.length === 5 ? page.changes[4].seq : page.latestSeq;
        }
      } finally {
        writing = false;
        await Promise.all(writers);
      }
    });

    it('is right after the account was removed and made again on another node', async () => {
      const { store } = context;
      for (let i = 1; i <= 30; i++) await writeChange(store, 'u', `c${i}`);
      expect((await store.changes.page('u', 0, 5, EVERYTHING)).latestSeq).to.equal(30);
      const other = await context.openAnother();
      await other.removeAccount('u');
      for (let i = 1; i <= 12; i++) await writeChange(other, 'u', `n${i}`);
      const page = await store.changes.page('u', 0, 5, EVERYTHING);
      expect(seqsIn(page)).to.deep.equal([1, 2, 3, 4, 5]);
      expect(page.latestSeq).to.equal(12);
      expect((await store.changes.page('u', 5, 5, EVERYTHING)).latestSeq).to.equal(12);
    });

    it('after a trim, a since no longer kept gets expired', async () => {
      const { store } = context;
      for (let i = 1; i <= 30; i++) await writeChange(store, 'u', `c${i}`);
      await store.changes.trim('u', 30, 20, 0);
      expect(await store.changes.page('u', 5, 5, EVERYTHING)).to.deep.include({ latestSeq: 30, expired: { oldestSeq: 11 } });
      expect(seqsIn(await store.changes.page('u', 10, 5, EVERYTHING))).to.deep.equal([11, 12, 13, 14, 15]);
    });
  });

  it('trim drops changes beyond the count or older than minTime and always keeps the latest', async () => {
    const { store } = context;
    for (let i = 1; i <= 10; i++) await store.channels.create('u', channelOf(`c${i}`), changeOf('channels', [`c${i}`]));
    expect(await store.changes.trim('u', 10, 3, 0)).to.equal(7);
    // Change 7 is gone: a page after 6 or earlier misses it; after 7 it misses nothing.
    expect(await store.changes.page('u', 6, 10, EVERYTHING)).to.deep.include({ latestSeq: 10, expired: { oldestSeq: 8 } });
    expect((await store.changes.page('u', 7, 10, EVERYTHING)).changes.map((change) => change.seq)).to.deep.equal([8, 9, 10]);
    expect(await store.changes.page('u', 7, 10, EVERYTHING)).to.deep.include({ expired: null });
    const [latest] = await store.changes.since('u', 9, 1, { accesses: 'all', channels: '*', partial: [] });
    expect(await store.changes.trim('u', 10, 100, latest.time + 1)).to.equal(2);
    expect(await store.changes.page('u', 8, 10, { accesses: 'none', channels: [], partial: [] })).to.deep.equal({ changes: [], latestSeq: 10, expired: { oldestSeq: 10 } });
    expect(await store.changes.page('u', 9, 10, { accesses: 'none', channels: [], partial: [] })).to.deep.equal({ changes: [], latestSeq: 10, expired: null });
    expect(await store.changes.latestSeq('u')).to.equal(10);
    expect((await store.channels.create('u', channelOf('c11'), changeOf('channels', ['c11']))).seq).to.equal(11);
  });

  it('trim drops only the run of old changes that starts the log: one dated earlier by a node whose clock is behind leaves no hole', async () => {
    const { store } = context;
    const now = Date.now() / 1000;
    // A second node on the same data whose clock is an hour behind.
    const behind = await openStore({ ...context.location(), now: () => now - 3600 });
    try {
      for (const id of ['c1', 'c2', 'c3']) await writeChange(store, 'u', id);
      await writeChange(behind, 'u', 'late');
      await writeChange(store, 'u', 'c5');
      expect(await store.changes.trim('u', 5, 100, now - 1800)).to.equal(0);
      expect(seqsIn(await store.changes.page('u', 0, 10, EVERYTHING))).to.deep.equal([1, 2, 3, 4, 5]);

      for (const [on, id] of [[behind, 'o1'], [behind, 'o2'], [store, 'n3'], [behind, 'o4'], [store, 'n5']] as const) await writeChange(on, 'v', id);
      expect(await store.changes.trim('v', 5, 100, now - 1800)).to.equal(2);
      expect(await store.changes.page('v', 0, 10, EVERYTHING)).to.deep.include({ latestSeq: 5, expired: { oldestSeq: 3 } });
      expect(seqsIn(await store.changes.page('v', 2, 10, EVERYTHING))).to.deep.equal([3, 4, 5]);
      // The count bound drops whatever the times; after it, the old run that then starts the log goes too.
      expect(await store.changes.trim('v', 5, 2, 0)).to.equal(1);
      expect(seqsIn(await store.changes.page('v', 3, 10, EVERYTHING))).to.deep.equal([4, 5]);
      expect(await store.changes.trim('v', 5, 2, now - 1800)).to.equal(1);
      expect(seqsIn(await store.changes.page('v', 4, 10, EVERYTHING))).to.deep.equal([5]);
    } finally {
      await behind.close();
    }
  });

  it('recording the deletion of the same item again replaces the earlier record; deletions come newest first after `since`', async () => {
    const { store } = context;
    await store.accesses.create('u', accessOf('a1'), changeOf('accesses', ['a1']));
    await store.accesses.remove('u', accessOf('a1'), 100, changeOf('accesses', ['a1']));
    await store.accesses.create('u', accessOf('a1'), changeOf('accesses', ['a1']));
    await store.accesses.remove('u', accessOf('a1'), 200, changeOf('accesses', ['a1']));
    await store.accesses.create('u', accessOf('a2'), changeOf('accesses', ['a2']));
    await store.accesses.remove('u', accessOf('a2'), 150, changeOf('accesses', ['a2']));
    expect(await store.deletions.since('u', 'accesses', 0)).to.deep.equal([
      { id: 'a1', deleted: 200, createdBy: 'creator' },
      { id: 'a2', deleted: 150, createdBy: 'creator' },
    ]);
    expect(await store.deletions.since('u', 'accesses', 150)).to.deep.equal([{ id: 'a1', deleted: 200, createdBy: 'creator' }]);
    expect(await store.deletions.since('u', 'events', 0)).to.deep.equal([]);
  });

  describe('folders.removeSubtree', () => {
    // c1: root ⊃ sub ⊃ leaf, and a sibling `other`; events in sub, leaf, root and other.
    beforeEach(async () => {
      const { store } = context;
      await store.folders.create('u', folderOf('c1', 'root'), changeOf('folders', ['root']));
      await store.folders.create('u', folderOf('c1', 'sub', 'root'), changeOf('folders', ['sub']));
      await store.folders.create('u', folderOf('c1', 'leaf', 'sub'), changeOf('folders', ['leaf']));
      await store.folders.create('u', folderOf('c1', 'other'), changeOf('folders', ['other']));
      for (const [id, folderId] of [['inSub', 'sub'], ['inLeaf', 'leaf'], ['inRoot', 'root'], ['inOther', 'other']]) {
        await store.events.create('u', eventOf('c1', id, { folderId, tags: ['t'] }), changeOf('events', [id]));
      }
    });
    const removal = (events: { mode: 'merge'; parentId: string | null; modified: number; modifiedBy: string } | { mode: 'delete' }) => ({
      channelId: 'c1',
      folderIds: ['sub', 'leaf'],
      deleted: 5000,
      ancestries: { sub: ['sub', 'root'], leaf: ['leaf', 'sub', 'root'] },
      events,
      eventsChange: { kind: 'events' as const, action: events.mode === 'merge' ? ('updated' as const) : ('deleted' as const), channelId: 'c1', scope: { folderIds: ['sub', 'leaf', 'root'] } },
      foldersChange: { kind: 'folders' as const, action: 'deleted' as const, ids: ['sub', 'leaf'], channelId: 'c1', scope: { folderIds: ['sub', 'leaf', 'root'] } },
    });

    it('merge mode moves the events to the parent, records one events change naming them all, then the folders change', async () => {
      const { store } = context;
      const heard: StoredChange[] = [];
      store.onChange((_account, change) => heard.push(change));
      const result = await store.folders.removeSubtree('u', removal({ mode: 'merge', parentId: 'root', modified: 4000, modifiedBy: 'remover' }));
      expect([...result.eventIds].sort()).to.deep.equal(['inLeaf', 'inSub']);
      expect(result.changes.map((change) => [change.seq, change.kind, change.action])).to.deep.equal([
        [9, 'events', 'updated'],
        [10, 'folders', 'deleted'],
      ]);
      expect([...result.changes[0].ids].sort()).to.deep.equal(['inLeaf', 'inSub']);
      expect(heard).to.deep.equal(result.changes);
      expect(await store.events.get('u', 'c1', 'inLeaf')).to.deep.equal(eventOf('c1', 'inLeaf', { folderId: 'root', tags: ['t'], modified: 4000, modifiedBy: 'remover' }));
      const inRoot = await store.events.page('u', { channelId: 'c1', places: ['root'], tags: ['t'], state: 'default', ascending: true, limit: 10 });
      expect(inRoot.map((event) => event.id).sort()).to.deep.equal(['inLeaf', 'inRoot', 'inSub']);
      expect((await store.folders.inChannel('u', 'c1')).map((folder) => folder.id)).to.deep.equal(['other', 'root']);
      expect(await store.deletions.since('u', 'events', 0)).to.deep.equal([]);
      const folderDeletions = await store.deletions.since('u', 'folders', 0, 'c1');
      expect(folderDeletions.sort((a, b) => a.id.localeCompare(b.id))).to.deep.equal([
        { id: 'leaf', deleted: 5000, channelId: 'c1', folderIds: ['leaf', 'sub', 'root'] },
        { id: 'sub', deleted: 5000, channelId: 'c1', folderIds: ['sub', 'root'] },
      ]);
    });

    it('merge to the channel root (parent null) leaves the events in no folder', async () => {
      const { store } = context;
      await store.folders.removeSubtree('u', { ...removal({ mode: 'merge', parentId: null, modified: 4000, modifiedBy: 'remover' }), folderIds: ['root', 'sub', 'leaf'], ancestries: { root: ['root'], sub: ['sub', 'root'], leaf: ['leaf', 'sub', 'root'] } });
      const unfiled = await store.events.page('u', { channelId: 'c1', places: [null], state: 'all', ascending: true, limit: 10 });
      expect(unfiled.map((event) => event.id).sort()).to.deep.equal(['inLeaf', 'inRoot', 'inSub']);
      expect((await store.events.get('u', 'c1', 'inRoot'))!.folderId).to.equal(null);
    });

    it('delete mode deletes the events with a deletion record each in its place', async () => {
      const { store } = context;
      const result = await store.folders.removeSubtree('u', removal({ mode: 'delete' }));
      expect(result.changes.map((change) => change.kind)).to.deep.equal(['events', 'folders']);
      expect(await store.events.get('u', 'c1', 'inSub')).to.equal(null);
      expect(await store.events.countInFolders('u', 'c1', ['sub', 'leaf'])).to.equal(0);
      const eventDeletions = await store.deletions.since('u', 'events', 0, 'c1');
      expect(eventDeletions.sort((a, b) => a.id.localeCompare(b.id))).to.deep.equal([
        { id: 'inLeaf', deleted: 5000, channelId: 'c1', folderIds: ['leaf', 'sub', 'root'] },
        { id: 'inSub', deleted: 5000, channelId: 'c1', folderIds: ['sub', 'root'] },
      ]);
      expect(await store.events.page('u', { channelId: 'c1', places: '*', tags: ['t'], state: 'all', ascending: true, limit: 10 })).to.have.length(2);
    });

    it('a subtree without events records only the folders change', async () => {
      const { store } = context;
      await store.events.remove('u', eventOf('c1', 'inOther'), 1, ['other'], changeOf('events', ['inOther']));
      const result = await store.folders.removeSubtree('u', { ...removal({ mode: 'delete' }), folderIds: ['other'], ancestries: { other: ['other'] } });
      expect(result.eventIds).to.deep.equal([]);
      expect(result.changes.map((change) => change.kind)).to.deep.equal(['folders']);
    });
  });
});
