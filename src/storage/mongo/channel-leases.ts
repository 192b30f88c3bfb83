/**
 * Per-channel leases on MongoDB, for the invariants a unique index cannot hold (no overlapping periods,
 * no cycles in a folder tree): their check and their write run under the channel's lease, so that
 * writers on this node and on every other node sharing the database take turns.
 *
 * A lease is one document `_id = account/channelId` naming its holder and when it expires: taken by
 * inserting it (the primary key lets one writer win), or by a conditional update once it has expired
 * (a crashed holder blocks its channel for LEASE_MS at most), and released by a delete naming the
 * holder (a holder whose lease was taken over deletes nothing). Writers on one node queue in memory
 * first, so only writers on different nodes ever wait on the database.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { StoreUnavailableError } from '../store';
import { type Database, type DocumentCollection, DuplicateKeyError } from './documents';

/** How long a lease lasts: far longer than a check and a write, short enough for a crashed holder. */
const LEASE_MS = 10_000;
/** How long a writer waits for a lease before its call fails with `api-unavailable` (nothing written). */
const WAIT_MS = 10_000;

export class ChannelLeases {
  /** The last writer queued per channel on this node. */
  private readonly queues = new Map<string, Promise<unknown>>();

  private constructor(
    private readonly collection: DocumentCollection,
    private readonly now: () => number,
  ) {}

  static async open(db: Database, now: () => number = Date.now): Promise<ChannelLeases> {
    return new ChannelLeases(await db.collection('leases', []), now);
  }

  /** Runs `work` holding the channel's lease, after every writer of the channel queued before it on this node. */
  hold<T>(account: string, channelId: string, work: () => Promise<T>): Promise<T> {
    const key = `${account}/${channelId}`;
    const previous = this.queues.get(key) ?? Promise.resolve();
    const turn = previous.then(
      () => this.holdAcrossNodes(key, work),
      () => this.holdAcrossNodes(key, work),
    );
    this.queues.set(key, turn);
    void turn.finally(() => this.queues.get(key) === turn && this.queues.delete(key)).catch(() => {});
    return turn;
  }

  private async holdAcrossNodes<T>(key: string, work: () => Promise<T>): Promise<T> {
    const holder = randomUUID();
    await this.acquire(key, holder);
    try {
      return await work();
    } finally {
      // A failed release leaves the lease to expire: the write itself is done.
      await this.collection.deleteOne({ _id: key, holder }).catch(() => false);
    }
  }

  private async acquire(key: string, holder: string): Promise<void> {
    const deadline = this.now() + WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      const now = this.now();
      try {
        await this.collection.insertOne({ _id: key, holder, expires: now + LEASE_MS });
        return;
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
      }
      // Taking over an expired lease is one conditional update: of two nodes trying, one matches.
      if (await this.collection.updateOne({ _id: key, expires: { $lt: now } }, { set: { holder, expires: now + LEASE_MS } })) return;
      if (this.now() >= deadline) throw new StoreUnavailableError(`the lease of channel ${key} stayed taken for ${WAIT_MS} ms`);
      // Jittered and growing (up to ~16 ms) so that waiting nodes neither poll in step nor sleep long after a release.
      await delay(Math.random() * Math.min(16, 1 + attempt));
    }
  }
}
