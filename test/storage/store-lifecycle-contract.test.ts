/**
 * The storage contract, part 4: every store together (openStore): users, data kept across a close and
 * reopen on the same location, and removing one account's data from every collection.
 */
import { expect } from 'chai';
import { ApiError } from '../../src/errors';
import type { Access, Change, Event, Folder } from '../../src/model/items';
import { openStore, Store } from '../../src/storage/store';
import { channel, describeStorage, unique } from './storage-backends';

const TRACKING = { created: 1712345678.5, createdBy: 'acc-1', modified: 1712345678.5, modifiedBy: 'acc-1' };
const CHANGE: Omit<Change, 'seq'> = { kind: 'channels', action: 'created', ids: ['work'], time: 1712345679 };

function access(id: string): Access {
  return { id, token: `token-${id}`, type: 'personal', name: 'tests', permissions: [{ channelId: '*', level: 'manage' }], clientData: { 'a.b': { $x: 1 } }, ...TRACKING };
}

const FOLDER: Folder = { id: 'f1', channelId: 'work', name: 'Projects', parentId: null, clientData: { $set: 1 }, ...TRACKING };
const EVENT: Event = { id: 'e1', channelId: 'work', folderId: 'f1', time: 1712345000, duration: 60, type: 'activity/plain', content: { 'a.b': ['$c'] }, tags: ['x'], ...TRACKING };

/** Gives `account` one item in every collection. */
async function fill(store: Store, account: string): Promise<void> {
  await store.users.create({ username: account, passwordHash: 'hash', email: `${account}@example.com`, created: 1712345678 });
  await store.accesses.insert(account, access('acc-1'));
  await store.channels.insert(account, channel('work', 'Work', { clientData: { $gt: 1, 'x.y': '%2E' } }));
  await store.channels.insert(account, channel('old', 'Old', { trashed: true }));
  await store.folders.insert(account, FOLDER);
  await store.events.insert(account, EVENT);
  await store.deletions.record(account, 'channels', { id: 'gone', deleted: 1712345680 });
  for (let i = 0; i < 3; i++) await store.changes.append(account, CHANGE);
}

/** Expects `account`'s data as `fill` left it. */
async function expectFilled(store: Store, account: string): Promise<void> {
  expect(await store.users.get(account)).to.deep.equal({ username: account, passwordHash: 'hash', email: `${account}@example.com`, created: 1712345678 });
  expect(await store.accesses.find(account, {})).to.deep.equal([access('acc-1')]);
  expect(await store.channels.list(account, 'all')).to.deep.equal([channel('old', 'Old', { trashed: true }), channel('work', 'Work', { clientData: { $gt: 1, 'x.y': '%2E' } })]);
  expect(await store.folders.inChannel(account, 'work')).to.deep.equal([FOLDER]);
  expect(await store.events.find(account, { channelId: 'work' })).to.deep.equal([EVENT]);
  expect(await store.deletions.since(account, 'channels', 0)).to.deep.equal([{ id: 'gone', deleted: 1712345680 }]);
  expect((await store.changes.since(account, 0, 10)).map((c) => c.seq)).to.deep.equal([1, 2, 3]);
}

async function expectEmpty(store: Store, account: string): Promise<void> {
  expect(await store.users.get(account)).to.equal(null);
  expect(await store.accesses.find(account, {})).to.deep.equal([]);
  expect(await store.channels.list(account, 'all')).to.deep.equal([]);
  expect(await store.folders.find(account, {})).to.deep.equal([]);
  expect(await store.events.find(account, {})).to.deep.equal([]);
  expect(await store.deletions.since(account, 'channels', 0)).to.deep.equal([]);
  expect(await store.changes.latestSeq(account)).to.equal(0);
}

describeStorage('all stores', (t) => {
  let store: Store;
  before(async () => {
    store = await openStore(t.db);
  });

  it('openStore reports the backend kind and answers ping', async () => {
    expect(store.kind).to.equal(t.backend);
    await store.ping();
  });

  it('users are created once: a second user with the same name is item-already-exists naming the username', async () => {
    const username = unique('user');
    await store.users.create({ username, passwordHash: 'first', created: 1 });
    try {
      await store.users.create({ username, passwordHash: 'second', created: 2 });
      expect.fail('the second user was accepted');
    } catch (error) {
      expect(error).to.be.instanceOf(ApiError);
      expect(error).to.include({ id: 'item-already-exists' });
      expect((error as ApiError).data).to.deep.equal({ username });
    }
    expect(await store.users.get(username)).to.deep.equal({ username, passwordHash: 'first', created: 1 });
    expect(await store.users.remove(username)).to.equal(true);
    expect(await store.users.get(username)).to.equal(null);
  });

  it('a deletion recorded twice keeps one record with the latest time', async () => {
    const account = unique('acct');
    await store.deletions.record(account, 'channels', { id: 'x', deleted: 10 });
    await store.deletions.record(account, 'channels', { id: 'x', deleted: 20 });
    await store.deletions.record(account, 'channels', { id: 'y', deleted: 15 });
    expect(await store.deletions.since(account, 'channels', 0)).to.deep.equal([{ id: 'x', deleted: 20 }, { id: 'y', deleted: 15 }]);
    expect(await store.deletions.since(account, 'channels', 15)).to.deep.equal([{ id: 'x', deleted: 20 }]);
    expect(await store.deletions.since(account, 'accesses', 0)).to.deep.equal([]);
  });

  it('data written, then the database closed and reopened on the same location, is all there', async function () {
    this.timeout(30000);
    const where = t.newLocation();
    const account = unique('acct');
    const before = await openStore(await t.open(where));
    await fill(before, account);
    await before.channels.update(account, 'old', { name: 'Older' });
    await before.channels.update(account, 'old', { name: 'Old' });
    await before.channels.insert(account, channel('temp', 'Temp'));
    await before.channels.remove(account, 'temp');
    await before.close();

    const after = await openStore(await t.open(where));
    await expectFilled(after, account);
    // The indexes hold after the reopen, and the sequence goes on where it was.
    try {
      await after.channels.insert(account, channel('other', 'Work'));
      expect.fail('the duplicate name was accepted');
    } catch (error) {
      expect(error).to.include({ id: 'item-already-exists' });
    }
    expect((await after.changes.append(account, CHANGE)).seq).to.equal(4);
    await after.close();
  });

  it('removeAccount removes every collection data of that account and nothing of another account', async () => {
    const [gone, kept] = [unique('acct'), unique('acct')];
    await fill(store, gone);
    await fill(store, kept);
    await store.removeAccount(gone);
    await expectEmpty(store, gone);
    await expectFilled(store, kept);
  });

  it('removeAccount of an account without data succeeds and changes nothing else', async () => {
    const kept = unique('acct');
    await fill(store, kept);
    await store.removeAccount(unique('acct'));
    await expectFilled(store, kept);
  });
});
