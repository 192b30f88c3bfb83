/**
 * The storage contract, part 1: the driver-neutral Database/DocumentCollection port, the same cases
 * on every backend. The stores' own cases are in account-collection-contract and changes-store-contract.
 */
import { expect } from 'chai';
import { Doc, DocumentCollection, DuplicateKeyError, IndexSpec } from '../../src/storage/database';
import { describeStorage, unique } from './storage-backends';

const INDEXES: IndexSpec[] = [
  { name: 'account_name', fields: { account: 1, name: 1 }, unique: true },
  { name: 'account_rank', fields: { account: 1, rank: 1 } },
];

/** Expects `promise` to fail with DuplicateKeyError and returns it. */
async function duplicateKey(promise: Promise<unknown>): Promise<DuplicateKeyError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(DuplicateKeyError);
    return error as DuplicateKeyError;
  }
  throw new Error('the write was accepted');
}

function people(account: string): Doc[] {
  return ['Dan', 'Alice', 'Eve', 'Carol', 'Bob'].map((name, i) => ({ _id: `${account}/${name}`, account, name, rank: [3, 1, 5, 2, 4][i] }));
}

describeStorage('Database port', (t) => {
  let collection: DocumentCollection;
  beforeEach(async () => {
    collection = await t.db.collection(unique('port'), INDEXES);
  });

  it('insertOne stores a document that findOne returns as stored, and findOne answers null when nothing matches', async () => {
    const doc = { _id: 'a/1', account: 'a', name: 'One', nested: { list: [1, 'two', { three: true }], nothing: null }, time: 1712345678.25 };
    await collection.insertOne(doc);
    expect(await collection.findOne({ _id: 'a/1' })).to.deep.equal(doc);
    expect(await collection.findOne({ name: 'One', account: 'a' })).to.deep.equal(doc);
    expect(await collection.findOne({ _id: 'a/2' })).to.equal(null);
  });

  it('find sorts ascending and descending, skips and limits', async () => {
    for (const doc of people('a')) await collection.insertOne(doc);
    await collection.insertOne({ _id: 'b/Zed', account: 'b', name: 'Zed', rank: 0 });
    const names = (docs: Doc[]) => docs.map((d) => d.name);
    expect(names(await collection.find({ account: 'a' }, { sort: { name: 1 } }))).to.deep.equal(['Alice', 'Bob', 'Carol', 'Dan', 'Eve']);
    expect(names(await collection.find({ account: 'a' }, { sort: { rank: -1 } }))).to.deep.equal(['Eve', 'Bob', 'Dan', 'Carol', 'Alice']);
    expect(names(await collection.find({ account: 'a' }, { sort: { rank: 1 }, skip: 1, limit: 2 }))).to.deep.equal(['Carol', 'Dan']);
    expect(names(await collection.find({ account: 'a' }, { sort: { rank: 1 }, skip: 4, limit: 10 }))).to.deep.equal(['Eve']);
    expect(names(await collection.find({ account: 'a', rank: { $gt: 2 } }, { sort: { rank: 1 } }))).to.deep.equal(['Dan', 'Bob', 'Eve']);
    expect(await collection.find({ account: 'nobody' })).to.deep.equal([]);
  });

  it('count counts the documents matching a filter', async () => {
    for (const doc of people('a')) await collection.insertOne(doc);
    expect(await collection.count({ account: 'a' })).to.equal(5);
    expect(await collection.count({ account: 'a', rank: { $lte: 2 } })).to.equal(2);
    expect(await collection.count({ account: 'nobody' })).to.equal(0);
  });

  it('updateOne returns the document after the update and null when nothing matched', async () => {
    await collection.insertOne({ _id: 'a/1', account: 'a', name: 'One', rank: 1 });
    const updated = await collection.updateOne({ _id: 'a/1' }, { set: { rank: 7 } });
    expect(updated).to.deep.equal({ _id: 'a/1', account: 'a', name: 'One', rank: 7 });
    expect(await collection.updateOne({ _id: 'a/2' }, { set: { rank: 7 } })).to.equal(null);
    expect(await collection.count({})).to.equal(1);
  });

  it('updateOne sets and unsets fields in one write and leaves the others alone', async () => {
    await collection.insertOne({ _id: 'a/1', account: 'a', name: 'One', rank: 1, color: 'red', trashed: true });
    const updated = await collection.updateOne({ _id: 'a/1' }, { set: { rank: 2, icon: { shape: 'star' } }, unset: ['color', 'trashed', 'absent'] });
    expect(updated).to.deep.equal({ _id: 'a/1', account: 'a', name: 'One', rank: 2, icon: { shape: 'star' } });
    expect(await collection.findOne({ _id: 'a/1' })).to.deep.equal(updated);
  });

  it('updateOne with nothing to set or unset returns the document unchanged', async () => {
    const doc = { _id: 'a/1', account: 'a', name: 'One', rank: 1 };
    await collection.insertOne(doc);
    expect(await collection.updateOne({ _id: 'a/1' }, {})).to.deep.equal(doc);
    expect(await collection.updateOne({ _id: 'a/1' }, { set: {}, unset: [] })).to.deep.equal(doc);
    expect(await collection.findOne({ _id: 'a/1' })).to.deep.equal(doc);
  });

  it('updateMany changes every matching document, returns how many matched and leaves the others alone', async () => {
    for (const doc of people('a')) await collection.insertOne(doc);
    await collection.insertOne({ _id: 'b/Zed', account: 'b', name: 'Zed', rank: 0 });
    await collection.updateOne({ _id: 'a/Eve' }, { set: { trashed: true } });
    // Eve already holds the value: she still counts, as she matched and now holds it.
    expect(await collection.updateMany({ account: 'a', rank: { $gte: 3 } }, { set: { trashed: true } })).to.equal(3);
    const trashed = await collection.find({ trashed: true }, { sort: { name: 1 } });
    expect(trashed.map((d) => d.name)).to.deep.equal(['Bob', 'Dan', 'Eve']);
    expect(await collection.updateMany({ account: 'a' }, { unset: ['trashed'] })).to.equal(5);
    expect(await collection.count({ trashed: true })).to.equal(0);
    expect(await collection.updateMany({ account: 'nobody' }, { set: { trashed: true } })).to.equal(0);
    expect(await collection.findOne({ _id: 'b/Zed' })).to.deep.equal({ _id: 'b/Zed', account: 'b', name: 'Zed', rank: 0 });
  });

  it('updateMany with nothing to set or unset changes no document', async () => {
    for (const doc of people('a')) await collection.insertOne(doc);
    await collection.updateMany({ account: 'a' }, {});
    expect(await collection.find({ account: 'a' }, { sort: { name: 1 } })).to.deep.equal(people('a').sort((x, y) => String(x.name).localeCompare(String(y.name))));
  });

  it('deleteOne removes one match and says whether it removed one; deleteMany returns how many it removed', async () => {
    for (const doc of people('a')) await collection.insertOne(doc);
    await collection.insertOne({ _id: 'b/Zed', account: 'b', name: 'Zed', rank: 0 });
    expect(await collection.deleteOne({ _id: 'a/Alice' })).to.equal(true);
    expect(await collection.deleteOne({ _id: 'a/Alice' })).to.equal(false);
    expect(await collection.deleteOne({ account: 'a', rank: { $gt: 3 } })).to.equal(true);
    expect(await collection.count({ account: 'a' })).to.equal(3);
    expect(await collection.deleteMany({ account: 'a' })).to.equal(3);
    expect(await collection.deleteMany({ account: 'a' })).to.equal(0);
    expect(await collection.count({})).to.equal(1);
  });

  it('insertOne with a duplicate _id throws DuplicateKeyError naming _id and keeps the first document', async () => {
    await collection.insertOne({ _id: 'a/1', account: 'a', name: 'One' });
    const error = await duplicateKey(collection.insertOne({ _id: 'a/1', account: 'a', name: 'Other' }));
    expect(error.fields).to.deep.equal(['_id']);
    expect(await collection.find({})).to.deep.equal([{ _id: 'a/1', account: 'a', name: 'One' }]);
  });

  it('insertOne with a duplicate unique compound key throws DuplicateKeyError naming its fields and stores nothing', async () => {
    await collection.insertOne({ _id: 'a/1', account: 'a', name: 'One' });
    await collection.insertOne({ _id: 'b/1', account: 'b', name: 'One' });
    const error = await duplicateKey(collection.insertOne({ _id: 'a/2', account: 'a', name: 'One' }));
    expect(error.fields).to.deep.equal(['account', 'name']);
    expect(await collection.findOne({ _id: 'a/2' })).to.equal(null);
    expect(await collection.count({})).to.equal(2);
  });

  it('updateOne that breaks a unique index throws DuplicateKeyError and leaves both documents unchanged', async () => {
    const one = { _id: 'a/1', account: 'a', name: 'One', rank: 1 };
    const two = { _id: 'a/2', account: 'a', name: 'Two', rank: 2, color: 'blue' };
    await collection.insertOne(one);
    await collection.insertOne(two);
    const error = await duplicateKey(collection.updateOne({ _id: 'a/2' }, { set: { name: 'One', rank: 9 }, unset: ['color'] }));
    expect(error.fields).to.deep.equal(['account', 'name']);
    expect(await collection.findOne({ _id: 'a/1' })).to.deep.equal(one);
    expect(await collection.findOne({ _id: 'a/2' })).to.deep.equal(two);
    // The index still holds the old key: the refused name is still taken by the first document only.
    expect(await collection.count({ account: 'a', name: 'One' })).to.equal(1);
    await duplicateKey(collection.insertOne({ _id: 'a/3', account: 'a', name: 'Two' }));
  });

  it('a collection opened twice keeps one set of indexes and the same documents', async () => {
    const name = unique('twice');
    const first = await t.db.collection(name, INDEXES);
    await first.insertOne({ _id: 'a/1', account: 'a', name: 'One' });
    const second = await t.db.collection(name, INDEXES);
    expect(await second.findOne({ _id: 'a/1' })).to.deep.equal({ _id: 'a/1', account: 'a', name: 'One' });
    await duplicateKey(second.insertOne({ _id: 'a/2', account: 'a', name: 'One' }));
  });

  it('ping answers while the database is open', async () => {
    await t.db.ping();
  });
});
