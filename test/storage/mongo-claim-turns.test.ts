/** Turns between nodes claiming seqs on MongoDB: one holder at a time, a crashed holder's turn expires, a node stands aside while another holds one (bounded). */
import { expect } from 'chai';
import { backends } from '../helpers/backends';
import { within } from '../helpers/processes';
import { ClaimTurns } from '../../src/storage/mongo/claim-turns';
import { openMongoDatabase } from '../../src/storage/mongo/mongo-database';
import type { Database, DocumentCollection } from '../../src/storage/mongo/documents';

const mongo = backends.find((backend) => backend.name === 'mongodb');

/** `db` whose collections count their findOne calls, so that a test can wait for a node to have looked. */
function countingLooks(db: Database): { db: Database; looks: () => number } {
  let looks = 0;
  const counted: Database = {
    ...db,
    collection: async (name, indexes) => {
      const collection = await db.collection(name, indexes);
      return { ...collection, findOne: (filter) => (looks++, collection.findOne(filter)) } as DocumentCollection;
    },
  };
  return { db: counted, looks: () => looks };
}

(mongo ? describe : describe.skip)('MongoDB claim turns', () => {
  let db: Database;
  beforeEach(async () => {
    db = await openMongoDatabase(mongo!.freshMongoUrl()!);
  });
  afterEach(() => db.close());

  it('of two nodes asking for a free turn one gets it; given back, the other can take it', async () => {
    const [a, b] = await Promise.all([ClaimTurns.open(db), ClaimTurns.open(db)]);
    const asked = await Promise.all([a.ask('u'), b.ask('u')]);
    expect(asked.filter(Boolean)).to.have.length(1);
    const [holder, other] = asked[0] ? [a, b] : [b, a];
    expect(await other.ask('u')).to.equal(false);
    await other.release('u');
    expect(await other.ask('u'), 'a release by a node that does not hold the turn removes nothing').to.equal(false);
    await holder.release('u');
    expect(await other.ask('u')).to.equal(true);
  });

  it('a turn left by a crashed node is taken over once it has expired', async () => {
    let clock = 1_000_000;
    const crashed = await ClaimTurns.open(db, () => clock);
    expect(await crashed.ask('u')).to.equal(true);
    const next = await ClaimTurns.open(db, () => clock);
    expect(await next.ask('u')).to.equal(false);
    clock += 501;
    expect(await next.ask('u')).to.equal(true);
  });

  it('a node stands aside while another holds the turn, and goes on once it is given back', async () => {
    const holder = await ClaimTurns.open(db);
    const counting = countingLooks(db);
    const waiter = await ClaimTurns.open(counting.db);
    await within(waiter.standAside('u'), 5000, 'standing aside with no turn held');
    expect(await holder.ask('u')).to.equal(true);
    let done = false;
    const aside = waiter.standAside('u').then(() => (done = true));
    const looked = counting.looks();
    await within(
      (async () => {
        while (counting.looks() < looked + 3) await new Promise((resolve) => setImmediate(resolve));
      })(),
      5000,
      'three looks at the turn',
    );
    expect(done).to.equal(false);
    await holder.release('u');
    await within(aside, 5000, 'standing aside after the release');
  });

  it('a node stands aside for a live turn at most as long as a turn lasts', async () => {
    const holder = await ClaimTurns.open(db);
    expect(await holder.ask('u')).to.equal(true);
    // Each reading of the waiter's clock moves it 100 ms on: the turn (500 ms) would still be live by
    // the holder's clock, but the waiter's wait runs out after a few looks.
    let clock = Date.now();
    const waiter = await ClaimTurns.open(db, () => (clock += 100));
    await within(waiter.standAside('u'), 5000, 'standing aside at most a turn');
  });
});
