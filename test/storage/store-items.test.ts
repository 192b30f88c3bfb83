/** The store contract for users, accesses, channels and folders: reads, writes, conflicts and replace. */
import { expect } from 'chai';
import { ApiError } from '../../src/errors';
import type { StoredChange } from '../../src/storage/store';
import { describeStore } from './store-fixture';
import { accessOf, changeOf, channelOf, folderOf, trickyJson } from './item-builders';

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected a rejection');
}

describeStore('store items', (context) => {
  it('users.create stores a user that get returns, and a second one with the username conflicts', async () => {
    const { store } = context;
    await store.users.create({ username: 'alice', passwordHash: 'h', created: 1 });
    expect(await store.users.get('alice')).to.deep.equal({ username: 'alice', passwordHash: 'h', created: 1 });
    expect(await store.users.get('bob')).to.equal(null);
    const error = await rejection(store.users.create({ username: 'alice', passwordHash: 'other', created: 2 }));
    expect(error.id).to.equal('item-already-exists');
    expect(error.data).to.deep.equal({ username: 'alice' });
    expect(await store.users.get('alice')).to.deep.equal({ username: 'alice', passwordHash: 'h', created: 1 });
  });

  it('channels.create conflicts name their key and leave nothing written, not even a change', async () => {
    const { store } = context;
    const heard: StoredChange[] = [];
    store.onChange((_account, change) => heard.push(change));
    await store.channels.create('u', channelOf('c1', { name: 'Work' }), changeOf('channels', ['c1'], { channelId: 'c1' }));
    const byName = await rejection(store.channels.create('u', channelOf('c2', { name: 'Work' }), changeOf('channels', ['c2'], { channelId: 'c2' })));
    expect(byName).to.include({ id: 'item-already-exists', message: 'An item with the same name already exists' });
    expect(byName.data).to.deep.equal({ name: 'Work' });
    const byId = await rejection(store.channels.create('u', channelOf('c1', { name: 'Other' }), changeOf('channels', ['c1'], { channelId: 'c1' })));
    expect(byId.data).to.deep.equal({ id: 'c1' });
    expect(await store.channels.get('u', 'c2')).to.equal(null);
    await context.expectLatestSeqAfterFailures('u', 1);
    expect(heard.map((change) => change.seq)).to.deep.equal([1]);
    // Another account may use the same id and name.
    await store.channels.create('v', channelOf('c1', { name: 'Work' }), changeOf('channels', ['c1'], { channelId: 'c1' }));
  });

  it('channels round-trip free-form clientData exactly and list by state sorted by name, only ids when given', async () => {
    const { store } = context;
    const tricky = channelOf('c1', { name: 'b', clientData: trickyJson });
    await store.channels.create('u', tricky, changeOf('channels', ['c1']));
    await store.channels.create('u', channelOf('c2', { name: 'a', trashed: true }), changeOf('channels', ['c2']));
    await store.channels.create('u', channelOf('c3', { name: 'c' }), changeOf('channels', ['c3']));
    const read = await store.channels.get('u', 'c1');
    expect(read).to.deep.equal(tricky);
    expect(Object.prototype.hasOwnProperty.call(read!.clientData, '__proto__')).to.equal(true);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect((await store.channels.list('u', 'default')).map((c) => c.id)).to.deep.equal(['c1', 'c3']);
    expect((await store.channels.list('u', 'trashed')).map((c) => c.id)).to.deep.equal(['c2']);
    expect((await store.channels.list('u', 'all')).map((c) => c.id)).to.deep.equal(['c2', 'c1', 'c3']);
    expect((await store.channels.list('u', 'all', ['c3', 'c2', 'nope'])).map((c) => c.id)).to.deep.equal(['c2', 'c3']);
    expect(await store.channels.list('u', 'all', [])).to.deep.equal([]);
  });

  it('channels.replace writes only what changed, removes fields absent from next, and returns null when gone', async () => {
    const { store } = context;
    const first = channelOf('c1', { clientData: { keep: 1 } });
    await store.channels.create('u', first, changeOf('channels', ['c1']));
    const next = { ...channelOf('c1', { name: 'Renamed', trashed: true }), modified: 2000 };
    const written = await store.channels.replace('u', first, next, changeOf('channels', ['c1'], { action: 'updated' }));
    expect(written!.item).to.deep.equal(next);
    expect(written!.change).to.include({ seq: 2, action: 'updated' });
    expect(await store.channels.get('u', 'c1')).to.deep.equal(next);
    await store.channels.create('u', channelOf('c2', { name: 'Taken' }), changeOf('channels', ['c2']));
    const conflict = await rejection(store.channels.replace('u', next, { ...next, name: 'Taken' }, changeOf('channels', ['c1'])));
    expect(conflict.data).to.deep.equal({ name: 'Taken' });
    await context.expectLatestSeqAfterFailures('u', 3);
    expect(await store.channels.replace('u', channelOf('gone'), channelOf('gone', { name: 'x' }), changeOf('channels', ['gone']))).to.equal(null);
  });

  it('channels.remove deletes the channel, its folders and events, and leaves a deletion record', async () => {
    const { store } = context;
    await store.channels.create('u', channelOf('c1'), changeOf('channels', ['c1']));
    await store.folders.create('u', folderOf('c1', 'f1'), changeOf('folders', ['f1']));
    await store.events.create('u', { id: 'e1', channelId: 'c1', folderId: 'f1', time: 1, type: 'note/txt', tags: ['t'], created: 1, createdBy: 'a', modified: 1, modifiedBy: 'a' }, changeOf('events', ['e1']));
    const change = await store.channels.remove('u', 'c1', 5000, changeOf('channels', ['c1'], { action: 'deleted', channelId: 'c1' }));
    expect(change).to.include({ seq: 4, action: 'deleted' });
    expect(await store.channels.get('u', 'c1')).to.equal(null);
    expect(await store.folders.inChannel('u', 'c1')).to.deep.equal([]);
    expect(await store.events.get('u', 'c1', 'e1')).to.equal(null);
    expect(await store.deletions.since('u', 'channels', 0)).to.deep.equal([{ id: 'c1', deleted: 5000 }]);
    expect(await store.channels.remove('u', 'c1', 6000, changeOf('channels', ['c1']))).to.equal(null);
    await context.expectLatestSeqAfterFailures('u', 4);
  });

  it('folders are unique by name among siblings, root folders included, and listed by name', async () => {
    const { store } = context;
    await store.folders.create('u', folderOf('c1', 'f1', null, { name: 'Work' }), changeOf('folders', ['f1']));
    const root = await rejection(store.folders.create('u', folderOf('c1', 'f2', null, { name: 'Work' }), changeOf('folders', ['f2'])));
    expect(root).to.include({ id: 'item-already-exists' });
    expect(root.data).to.deep.equal({ name: 'Work' });
    const byId = await rejection(store.folders.create('u', folderOf('c1', 'f1', null, { name: 'Else' }), changeOf('folders', ['f1'])));
    expect(byId.data).to.deep.equal({ id: 'f1' });
    await store.folders.create('u', folderOf('c1', 'f3', 'f1', { name: 'Work', hidden: true, clientData: trickyJson }), changeOf('folders', ['f3']));
    await store.folders.create('u', folderOf('c2', 'f1', null, { name: 'Work' }), changeOf('folders', ['f1']));
    await store.folders.create('u', folderOf('c1', 'f4', null, { name: 'Archive', trashed: true }), changeOf('folders', ['f4']));
    const folders = await store.folders.inChannel('u', 'c1');
    expect(folders.map((f) => f.id)).to.deep.equal(['f4', 'f1', 'f3']);
    expect(folders[2]).to.deep.equal(folderOf('c1', 'f3', 'f1', { name: 'Work', hidden: true, clientData: trickyJson }));
    const moved = await rejection(store.folders.replace('u', folders[2], { ...folders[2], parentId: null }, changeOf('folders', ['f3'])));
    expect(moved.data).to.deep.equal({ name: 'Work' });
    const renamed = await store.folders.replace('u', folders[2], { ...folderOf('c1', 'f3', null, { name: 'Top' }) }, changeOf('folders', ['f3']));
    expect(renamed!.item).to.deep.equal(folderOf('c1', 'f3', null, { name: 'Top' }));
    await context.expectLatestSeqAfterFailures('u', 5);
  });

  it('accesses are listed by type and creator sorted by name then id, and removal leaves a record naming the creator', async () => {
    const { store } = context;
    await store.accesses.create('u', accessOf('a2', { name: 'Same', type: 'shared' }), changeOf('accesses', ['a2']));
    await store.accesses.create('u', accessOf('a1', { name: 'Same', clientData: trickyJson }), changeOf('accesses', ['a1']));
    await store.accesses.create('u', accessOf('p', { name: 'Personal', type: 'personal', createdBy: 'system' }), changeOf('accesses', ['p']));
    const conflict = await rejection(store.accesses.create('u', accessOf('a1'), changeOf('accesses', ['a1'])));
    expect(conflict.data).to.deep.equal({ id: 'a1' });
    expect((await store.accesses.list('u', { types: ['app', 'shared'] })).map((a) => a.id)).to.deep.equal(['a1', 'a2']);
    expect((await store.accesses.list('u', { types: ['app', 'shared', 'personal'], createdBy: 'system' })).map((a) => a.id)).to.deep.equal(['p']);
    expect(await store.accesses.get('u', 'a1')).to.deep.equal(accessOf('a1', { name: 'Same', clientData: trickyJson }));
    const removed = await store.accesses.remove('u', accessOf('a2'), 3000, changeOf('accesses', ['a2'], { action: 'deleted', scope: { accessCreators: ['creator'] } }));
    // After the refused create: seq 4, or 5 on MongoDB where that create's change was stored first.
    expect(removed!.seq).to.equal((await store.changes.latestSeq('u')));
    expect(await store.accesses.get('u', 'a2')).to.equal(null);
    expect(await store.deletions.since('u', 'accesses', 0)).to.deep.equal([{ id: 'a2', deleted: 3000, createdBy: 'creator' }]);
    expect(await store.accesses.remove('u', accessOf('a2'), 3000, changeOf('accesses', ['a2']))).to.equal(null);
  });

  it('accesses.recordUse records no change, and a replace from a stale copy keeps it', async () => {
    const { store } = context;
    const access = accessOf('a1', { expires: 9000, deviceName: 'phone' });
    await store.accesses.create('u', access, changeOf('accesses', ['a1']));
    await store.accesses.recordUse('u', 'a1', 1234.5);
    expect(await store.changes.latestSeq('u')).to.equal(1);
    const { expires: _expires, ...withoutExpiry } = access;
    const written = await store.accesses.replace('u', access, { ...withoutExpiry, name: 'New name' }, changeOf('accesses', ['a1'], { action: 'updated' }));
    const expected = { ...withoutExpiry, name: 'New name', lastUsed: 1234.5 };
    expect(written!.item).to.deep.equal(expected);
    expect(await store.accesses.get('u', 'a1')).to.deep.equal(expected);
    expect(await store.accesses.replace('u', accessOf('x'), accessOf('x', { name: 'y' }), changeOf('accesses', ['x']))).to.equal(null);
  });

  it('removeAccount removes everything the account owns and nothing of another account', async () => {
    const { store } = context;
    for (const account of ['u', 'v']) {
      await store.users.create({ username: account, passwordHash: 'h', created: 1 });
      await store.accesses.create(account, accessOf('a1'), changeOf('accesses', ['a1']));
      await store.channels.create(account, channelOf('c1'), changeOf('channels', ['c1']));
      await store.folders.create(account, folderOf('c1', 'f1'), changeOf('folders', ['f1']));
      await store.accesses.remove(account, accessOf('a1'), 1, changeOf('accesses', ['a1']));
    }
    await store.removeAccount('u');
    expect(await store.users.get('u')).to.equal(null);
    expect(await store.channels.list('u', 'all')).to.deep.equal([]);
    expect(await store.folders.inChannel('u', 'c1')).to.deep.equal([]);
    expect(await store.deletions.since('u', 'accesses', 0)).to.deep.equal([]);
    expect(await store.changes.latestSeq('u')).to.equal(0);
    expect(await store.users.get('v')).to.not.equal(null);
    expect(await store.changes.latestSeq('v')).to.equal(4);
    // A removed account starts its log again from 1.
    expect(await store.channels.create('u', channelOf('c1'), changeOf('channels', ['c1']))).to.include({ seq: 1 });
  });

  it('data survives close and reopen, and ping answers until close', async () => {
    await context.store.users.create({ username: 'alice', passwordHash: 'h', created: 1 });
    await context.store.channels.create('alice', channelOf('c1', { clientData: trickyJson }), changeOf('channels', ['c1']));
    await context.store.ping();
    const store = await context.reopen();
    expect(await store.users.get('alice')).to.deep.equal({ username: 'alice', passwordHash: 'h', created: 1 });
    expect(await store.channels.get('alice', 'c1')).to.deep.equal(channelOf('c1', { clientData: trickyJson }));
    expect(await store.changes.latestSeq('alice')).to.equal(1);
    await store.close();
    let failure: unknown;
    await store.ping().catch((error: unknown) => (failure = error));
    expect(failure).to.have.property('name', 'StoreUnavailableError');
  });
});
