/**
 * The per-account change log and its sequence numbers. A seq is claimed by inserting the change
 * under `_id = account/seq`: the primary key makes a second claim of the same seq fail on every
 * backend and every node, without transactions. A writer only tries `latest + 1`, so seq N+1 can
 * only exist once seq N is stored and readable: the log has no holes for a reader to skip.
 */
import type { Change, ChangeScope } from '../model/items';
import { Database, DocumentCollection, DuplicateKeyError } from './database';
import { accountIndex } from './account-collection';

/** A change as stored, with the scope that decides who may read it. */
export type StoredChange = Change & { scope?: ChangeScope };

// Writers on other nodes may win the race for a seq; each lost race costs one read and one insert.
const MAX_CLAIM_ATTEMPTS = 100;
// Accounts whose last claimed seq this node remembers; the oldest are forgotten beyond this.
const MAX_REMEMBERED_ACCOUNTS = 100000;

export class ChangesStore {
  /** Claims on one node are queued per account, so only writers on other nodes ever race. */
  private readonly queues = new Map<string, Promise<unknown>>();
  /**
   * The last seq this node claimed per account. Reading the latest seq means sorting the account's
   * log (a scan on the embedded store and on FerretDB); checking that the remembered change is still
   * there is a primary-key read, and then `remembered + 1` is the claim to try.
   */
  private readonly lastClaimed = new Map<string, number>();

  private constructor(private readonly collection: DocumentCollection) {}

  static async open(db: Database): Promise<ChangesStore> {
    return new ChangesStore(await db.collection('changes', [accountIndex('account_seq', ['seq'])]));
  }

  /** Stores `change` under the account's next seq and returns it with that seq. */
  append(account: string, change: Omit<StoredChange, 'seq'>): Promise<StoredChange> {
    const previous = this.queues.get(account) ?? Promise.resolve();
    const claim = previous.then(() => this.claim(account, change), () => this.claim(account, change));
    this.queues.set(account, claim);
    // Forget an idle account's queue so the map holds only accounts being written right now.
    void claim.finally(() => this.queues.get(account) === claim && this.queues.delete(account)).catch(() => {});
    return claim;
  }

  /** The account's latest seq, 0 before its first change. */
  async latestSeq(account: string): Promise<number> {
    const [last] = await this.collection.find({ account }, { sort: { seq: -1 }, limit: 1 });
    return last ? (last.seq as number) : 0;
  }

  /** True when change `seq` of the account is stored (a primary-key read). */
  async exists(account: string, seq: number): Promise<boolean> {
    return (await this.collection.findOne({ _id: `${account}/${seq}` })) !== null;
  }

  /** The account's oldest retained seq, or null before its first change. */
  async oldestSeq(account: string): Promise<number | null> {
    const [first] = await this.collection.find({ account }, { sort: { seq: 1 }, limit: 1 });
    return first ? (first.seq as number) : null;
  }

  /**
   * Drops changes beyond retention: older than `minTime`, or more than `maxCount` behind `latest`.
   * The latest change always stays, since the next seq is read from it.
   */
  trim(account: string, latest: number, maxCount: number, minTime: number): Promise<number> {
    const floor = Math.max(0, latest - Math.max(1, maxCount));
    return this.collection.deleteMany({ account, seq: { $lt: latest }, $or: [{ seq: { $lte: floor } }, { time: { $lt: minTime } }] });
  }

  /** Changes with seq > `since`, ascending. */
  async since(account: string, since: number, limit: number): Promise<StoredChange[]> {
    const docs = await this.collection.find({ account, seq: { $gt: since } }, { sort: { seq: 1 }, limit });
    return docs.map(({ _id, account: _account, ...change }) => change as unknown as StoredChange);
  }

  removeAccount(account: string): Promise<number> {
    this.lastClaimed.delete(account);
    return this.collection.deleteMany({ account });
  }

  private async claim(account: string, change: Omit<StoredChange, 'seq'>): Promise<StoredChange> {
    let seq = await this.nextSeq(account);
    for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
      const stored: StoredChange = { seq, ...change };
      try {
        await this.collection.insertOne({ _id: `${account}/${seq}`, account, ...stored });
        this.remember(account, seq);
        return stored;
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
        seq = (await this.latestSeq(account)) + 1;
      }
    }
    throw new Error(`could not claim a change seq for ${account} after ${MAX_CLAIM_ATTEMPTS} attempts`);
  }

  /**
   * The seq to try: one past the remembered claim while that change is still stored (so seq N+1 is
   * never tried unless N exists), else one past the latest stored. The remembered change may be gone
   * when retention trimmed past it or the account was deleted: then the log is read.
   */
  private async nextSeq(account: string): Promise<number> {
    const remembered = this.lastClaimed.get(account);
    if (remembered !== undefined && (await this.exists(account, remembered))) return remembered + 1;
    return (await this.latestSeq(account)) + 1;
  }

  private remember(account: string, seq: number): void {
    this.lastClaimed.delete(account);
    this.lastClaimed.set(account, seq);
    if (this.lastClaimed.size > MAX_REMEMBERED_ACCOUNTS) this.lastClaimed.delete(this.lastClaimed.keys().next().value!);
  }
}
