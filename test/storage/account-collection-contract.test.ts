/**
 * The storage contract, part 2: account items through AccountCollection (here as ChannelsStore):
 * domain shape, per-account ids, conflicts as item-already-exists, and free-form keys kept as data.
 */
import { expect } from 'chai';
import { ApiError } from '../../src/errors';
import { openStore, Store } from '../../src/storage/store';
import { channel, describeStorage, unique } from './storage-backends';

/** Expects `promise` to fail with item-already-exists and returns the error's `data`. */
async function alreadyExists(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(ApiError);
    expect((error as ApiError).id).to.equal('item-already-exists');
    return (error as ApiError).data;
  }
  throw new Error('the write was accepted');
}

/** Every key of `value`, at any depth. */
function allKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(allKeys);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...allKeys(inner)]);
}

// Keys a client may send in clientData that a database would read as operators or paths, or that
// look like the store's own escaping.
const AWKWARD = { $gt: 1, 'a.b': { 'c.d': [{ $in: ['x'] }] }, 'x%2Ey': '%2E', '%24z': { '%25': '%' }, $: { '.': null }, plain: 'ok' };

describeStorage('AccountCollection', (t) => {
  let store: Store;
  let account: string;
  before(async () => {
    store = await openStore(t.db);
  });
  beforeEach(() => {
    account = unique('acct');
  });

  it('items come back with id and never _id or account, from every read and write', async () => {
    const item = channel('work', 'Work', { clientData: { color: 'red' } });
    expect(await store.channels.insert(account, item)).to.deep.equal(item);
    expect(await store.channels.get(account, 'work')).to.deep.equal(item);
    expect(await store.channels.findOne(account, { name: 'Work' })).to.deep.equal(item);
    expect(await store.channels.find(account, {})).to.deep.equal([item]);
    expect(await store.channels.list(account, 'default')).to.deep.equal([item]);
    const updated = await store.channels.update(account, 'work', { name: 'Job', clientData: undefined });
    expect(updated).to.deep.equal({ ...channel('work', 'Job') });
    expect(updated).to.not.have.any.keys('_id', 'account');
  });

  it('get, findOne and update answer null for an unknown item; remove answers false', async () => {
    expect(await store.channels.get(account, 'nope')).to.equal(null);
    expect(await store.channels.findOne(account, { name: 'Nope' })).to.equal(null);
    expect(await store.channels.update(account, 'nope', { name: 'X' })).to.equal(null);
    expect(await store.channels.remove(account, 'nope')).to.equal(false);
    expect(await store.channels.get(account, 'nope')).to.equal(null);
  });

  it('two accounts may use the same item id and name, and never see each other', async () => {
    const other = unique('acct');
    await store.channels.insert(account, channel('x', 'X', { clientData: { owner: 1 } }));
    await store.channels.insert(other, channel('x', 'X', { clientData: { owner: 2 } }));
    expect((await store.channels.get(account, 'x'))!.clientData).to.deep.equal({ owner: 1 });
    expect((await store.channels.get(other, 'x'))!.clientData).to.deep.equal({ owner: 2 });
    expect(await store.channels.count(account, {})).to.equal(1);
    await store.channels.update(other, 'x', { name: 'Y' });
    expect((await store.channels.get(account, 'x'))!.name).to.equal('X');
    expect(await store.channels.remove(account, 'x')).to.equal(true);
    expect(await store.channels.get(other, 'x')).to.not.equal(null);
  });

  it('a duplicate id is item-already-exists naming {id} and keeps the first item', async () => {
    await store.channels.insert(account, channel('x', 'X'));
    expect(await alreadyExists(store.channels.insert(account, channel('x', 'Other')))).to.deep.equal({ id: 'x' });
    expect(await store.channels.find(account, {})).to.deep.equal([channel('x', 'X')]);
  });

  it('a duplicate name is item-already-exists naming {name} and stores nothing', async () => {
    await store.channels.insert(account, channel('x', 'X'));
    expect(await alreadyExists(store.channels.insert(account, channel('y', 'X')))).to.deep.equal({ name: 'X' });
    expect(await store.channels.get(account, 'y')).to.equal(null);
  });

  it('an update to a taken name is item-already-exists naming {name} and leaves both items unchanged', async () => {
    await store.channels.insert(account, channel('x', 'X'));
    await store.channels.insert(account, channel('y', 'Y', { clientData: { keep: true } }));
    expect(await alreadyExists(store.channels.update(account, 'y', { name: 'X', clientData: undefined }))).to.deep.equal({ name: 'X' });
    expect(await store.channels.list(account, 'all')).to.deep.equal([channel('x', 'X'), channel('y', 'Y', { clientData: { keep: true } })]);
  });

  it('clientData keys that start with $, contain . or look escaped round-trip unchanged', async () => {
    const item = channel('odd', 'Odd', { clientData: AWKWARD });
    expect(await store.channels.insert(account, item)).to.deep.equal(item);
    expect(await store.channels.get(account, 'odd')).to.deep.equal(item);
    expect(await store.channels.find(account, { name: 'Odd' })).to.deep.equal([item]);
    const updated = await store.channels.update(account, 'odd', { clientData: { ...AWKWARD, '$set': { name: 'Hacked' } } });
    expect(updated!.clientData).to.deep.equal({ ...AWKWARD, '$set': { name: 'Hacked' } });
    expect(updated!.name).to.equal('Odd');
  });

  it('clientData keys are stored escaped, so none is a $ operator or a dotted path in the database', async () => {
    await store.channels.insert(account, channel('odd', 'Odd', { clientData: AWKWARD }));
    await store.channels.update(account, 'odd', { clientData: { ...AWKWARD, '$unset': { name: '' } } });
    await store.channels.updateMany(account, { name: 'Odd' }, { clientData: { ...AWKWARD, '$rename': { name: 'x' } } });
    const raw = await (await t.db.collection('channels', [])).findOne({ account });
    expect(raw).to.include({ name: 'Odd' });
    for (const key of allKeys(raw!.clientData)) expect(key).to.not.match(/^\$|\./);
    expect((await store.channels.get(account, 'odd'))!.clientData).to.deep.equal({ ...AWKWARD, '$rename': { name: 'x' } });
  });

  it('clientData {$gt: 1} is data: a find by a normal filter is not affected by it', async () => {
    await store.channels.insert(account, channel('a', 'A', { clientData: { $gt: 1 } }));
    await store.channels.insert(account, channel('b', 'B', { clientData: { n: 2 } }));
    await store.channels.insert(account, channel('c', 'C'));
    expect((await store.channels.find(account, { name: 'B' })).map((c) => c.id)).to.deep.equal(['b']);
    expect((await store.channels.find(account, { clientData: { n: 2 } })).map((c) => c.id)).to.deep.equal(['b']);
    expect((await store.channels.find(account, {}, { sort: { name: 1 } })).map((c) => c.id)).to.deep.equal(['a', 'b', 'c']);
    expect(await store.channels.count(account, { clientData: { $exists: true } })).to.equal(2);
    expect((await store.channels.get(account, 'a'))!.clientData).to.deep.equal({ $gt: 1 });
  });

  it('updateMany and removeMany touch only the account and the items matching the filter', async () => {
    const other = unique('acct');
    for (const id of ['a', 'b', 'c']) await store.channels.insert(account, channel(id, id.toUpperCase(), { trashed: id !== 'a' }));
    await store.channels.insert(other, channel('b', 'B', { trashed: true }));
    expect(await store.channels.updateMany(account, { trashed: true }, { modifiedBy: 'acc-2' })).to.equal(2);
    expect((await store.channels.list(account, 'trashed')).map((c) => c.modifiedBy)).to.deep.equal(['acc-2', 'acc-2']);
    expect((await store.channels.list(account, 'default')).map((c) => c.id)).to.deep.equal(['a']);
    expect(await store.channels.removeMany(account, { trashed: true })).to.equal(2);
    expect((await store.channels.list(account, 'all')).map((c) => c.id)).to.deep.equal(['a']);
    expect(await store.channels.get(other, 'b')).to.deep.equal(channel('b', 'B', { trashed: true }));
  });
});
