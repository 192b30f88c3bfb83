/** The per-channel lease on MongoDB: a crashed holder's lease expires, a live one makes writers wait (bounded), each turn runs alone. */
import { expect } from 'chai';
import { backends } from '../helpers/backends';
import { ChannelLeases } from '../../src/storage/mongo/channel-leases';
import { openMongoDatabase } from '../../src/storage/mongo/mongo-database';
import type { Database, DocumentCollection } from '../../src/storage/mongo/documents';
import { StoreUnavailableError } from '../../src/storage/store';

const mongo = backends.find((backend) => backend.name === 'mongodb');

(mongo ? describe : describe.skip)('MongoDB channel leases', () => {
  let db: Database;
  let leases: DocumentCollection;
  beforeEach(async () => {
    db = await openMongoDatabase(mongo!.freshMongoUrl()!);
    leases = await db.collection('leases', []);
  });
  afterEach(() => db.close());

  it('a lease left by a crashed holder is taken over once it has expired', async () => {
    await leases.insertOne({ _id: 'u/c1', holder: 'crashed', expires: Date.now() - 1 });
    const guard = await ChannelLeases.open(db);
    expect(await guard.hold('u', 'c1', async () => 'ran')).to.equal('ran');
    expect(await leases.findOne({ _id: 'u/c1' })).to.equal(null);
  });

  it('a live lease makes a writer wait, then fail with StoreUnavailableError without running', async () => {
    let clock = 1_000_000;
    await leases.insertOne({ _id: 'u/c1', holder: 'alive', expires: clock + 60_000 });
    // Each reading of the clock moves it 3 s on: the 10 s wait runs out after a few attempts.
    const guard = await ChannelLeases.open(db, () => (clock += 3000));
    let ran = false;
    const error = await guard.hold('u', 'c1', async () => (ran = true)).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(StoreUnavailableError);
    expect(ran).to.equal(false);
    expect(await leases.findOne({ _id: 'u/c1' })).to.include({ holder: 'alive' });
  });

  it('turns of two guards (two nodes) on one channel never run at the same time', async () => {
    const [a, b] = await Promise.all([ChannelLeases.open(db), ChannelLeases.open(db)]);
    let inside = 0;
    let most = 0;
    const turn = async () => {
      inside++;
      most = Math.max(most, inside);
      await leases.findOne({ _id: 'nothing' });
      inside--;
    };
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).hold('u', 'c1', turn)));
    expect(most).to.equal(1);
  });
});
