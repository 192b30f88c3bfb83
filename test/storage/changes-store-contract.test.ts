/**
 * The storage contract, part 3: the change log's sequence numbers, gap-free per account even when
 * writers race, on one node and on two nodes sharing the database.
 */
import { expect } from 'chai';
import type { Change } from '../../src/model/items';
import { ChangesStore } from '../../src/storage/changes-store';
import { describeStorage, unique } from './storage-backends';

function change(i: number): Omit<Change, 'seq'> {
  return { kind: 'channels', action: 'created', ids: [`c${i}`], time: 1712345678 + i };
}

/** 1..n */
function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

describeStorage('ChangesStore', (t) => {
  let changes: ChangesStore;
  let account: string;
  before(async () => {
    changes = await ChangesStore.open(t.db);
  });
  beforeEach(() => {
    account = unique('acct');
  });

  it('append gives seq 1, 2, 3 in order and returns the change with its seq', async () => {
    expect(await changes.append(account, change(1))).to.deep.equal({ seq: 1, ...change(1) });
    expect((await changes.append(account, change(2))).seq).to.equal(2);
    expect((await changes.append(account, { ...change(3), channelId: 'work' })).seq).to.equal(3);
    expect(await changes.since(account, 0, 10)).to.deep.equal([{ seq: 1, ...change(1) }, { seq: 2, ...change(2) }, { seq: 3, ...change(3), channelId: 'work' }]);
  });

  it('each account has its own sequence, independent of the others', async () => {
    const other = unique('acct');
    expect((await changes.append(account, change(1))).seq).to.equal(1);
    expect((await changes.append(other, change(1))).seq).to.equal(1);
    expect((await changes.append(account, change(2))).seq).to.equal(2);
    expect((await changes.append(account, change(3))).seq).to.equal(3);
    expect((await changes.append(other, change(2))).seq).to.equal(2);
    expect(await changes.latestSeq(account)).to.equal(3);
    expect(await changes.latestSeq(other)).to.equal(2);
    expect((await changes.since(other, 0, 10)).map((c) => c.ids[0])).to.deep.equal(['c1', 'c2']);
  });

  it('200 concurrent appends on one account produce exactly seqs 1..200', async function () {
    this.timeout(30000);
    const appended = await Promise.all(range(200).map((i) => changes.append(account, change(i))));
    expect(appended.map((c) => c.seq).sort((a, b) => a - b)).to.deep.equal(range(200));
    const stored = await changes.since(account, 0, 1000);
    expect(stored.map((c) => c.seq)).to.deep.equal(range(200));
    // Each call got the seq its change was stored under.
    for (const { seq, ids } of appended) expect(stored[seq - 1].ids).to.deep.equal(ids);
  });

  it('concurrent appends on two accounts each produce a gap-free sequence', async function () {
    this.timeout(30000);
    const other = unique('acct');
    await Promise.all(range(50).flatMap((i) => [changes.append(account, change(i)), changes.append(other, change(i))]));
    expect((await changes.since(account, 0, 1000)).map((c) => c.seq)).to.deep.equal(range(50));
    expect((await changes.since(other, 0, 1000)).map((c) => c.seq)).to.deep.equal(range(50));
  });

  it('two ChangesStore instances on one database (two nodes) appending concurrently yield a gap-free 1..N', async function () {
    this.timeout(60000);
    // Two nodes: on MongoDB two connections to one database; nedb cannot share its files between two
    // Datastore objects, so on the embedded store two ChangesStores over one Database, each with its own queue.
    let first: ChangesStore;
    let second: ChangesStore;
    if (t.sharesLocation) {
      const where = t.newLocation();
      first = await ChangesStore.open(await t.open(where));
      second = await ChangesStore.open(await t.open(where));
    } else {
      first = changes;
      second = await ChangesStore.open(t.db);
    }
    const appended = await Promise.all(range(60).flatMap((i) => [first.append(account, change(i)), second.append(account, change(100 + i))]));
    expect(appended.map((c) => c.seq).sort((a, b) => a - b)).to.deep.equal(range(120));
    const stored = await first.since(account, 0, 1000);
    expect(stored.map((c) => c.seq)).to.deep.equal(range(120));
    expect(stored.map((c) => c.ids[0]).sort()).to.deep.equal(appended.map((c) => c.ids[0]).sort());
    expect(await second.latestSeq(account)).to.equal(120);
  });

  it('since returns the changes after a seq, ascending, at most limit of them', async () => {
    for (const i of range(7)) await changes.append(account, change(i));
    expect((await changes.since(account, 0, 3)).map((c) => c.seq)).to.deep.equal([1, 2, 3]);
    expect((await changes.since(account, 3, 3)).map((c) => c.seq)).to.deep.equal([4, 5, 6]);
    expect((await changes.since(account, 6, 3)).map((c) => c.seq)).to.deep.equal([7]);
    expect(await changes.since(account, 7, 3)).to.deep.equal([]);
    for (const stored of await changes.since(account, 0, 10)) expect(stored).to.have.all.keys('seq', 'kind', 'action', 'ids', 'time');
  });

  it('latestSeq is 0 before the first change and the last seq after', async () => {
    expect(await changes.latestSeq(account)).to.equal(0);
    for (const i of range(12)) await changes.append(account, change(i));
    expect(await changes.latestSeq(account)).to.equal(12);
  });

  it('removeAccount removes the changes of that account only', async () => {
    const other = unique('acct');
    for (const i of range(3)) await changes.append(account, change(i));
    await changes.append(other, change(1));
    expect(await changes.removeAccount(account)).to.equal(3);
    expect(await changes.latestSeq(account)).to.equal(0);
    expect(await changes.latestSeq(other)).to.equal(1);
  });

  it('a node that remembers a seq never claims past a log that was wiped behind its back (no hole)', async () => {
    const elsewhere = await ChangesStore.open(t.db);
    for (const i of range(5)) await changes.append(account, change(i));
    // another node removes the account's log; this one still remembers seq 5
    await elsewhere.removeAccount(account);
    expect((await changes.append(account, change(6))).seq).to.equal(1);
  });

  it('a node whose remembered seq fell behind another node claims after the latest', async () => {
    const elsewhere = await ChangesStore.open(t.db);
    await changes.append(account, change(1));
    for (const i of range(3)) await elsewhere.append(account, change(i));
    expect((await changes.append(account, change(5))).seq).to.equal(5);
    expect((await changes.since(account, 0, 10)).map((c) => c.seq)).to.deep.equal([1, 2, 3, 4, 5]);
  });
});
