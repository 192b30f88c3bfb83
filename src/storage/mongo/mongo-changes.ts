/**
 * The per-account change log on MongoDB: each change under `_id = account/seq`, its seq claimed as
 * SeqClaims tells, so that the log has no holes for a reader to skip; read in seq order.
 */
import type { ChangeRecord, ChangesPage, ChangesStore, ChangeVisibility, StoredChange } from '../store';
import { accountIndex } from './account-collection';
import { ClaimTurns } from './claim-turns';
import type { Database, Doc, DocumentCollection, Filter } from './documents';
import { SeqClaims } from './seq-claims';

/** Changes past a seq this node knew that one read still takes in with the page (pageWithTail). */
const TAIL_SLACK = 100;

export class MongoChanges implements ChangesStore {
  private constructor(
    private readonly collection: DocumentCollection,
    private readonly claims: SeqClaims,
  ) {}

  static async open(db: Database, clock: () => number): Promise<MongoChanges> {
    const [collection, turns] = await Promise.all([db.collection('changes', [accountIndex('account_seq', ['seq'])]), ClaimTurns.open(db)]);
    return new MongoChanges(collection, new SeqClaims(collection, turns, clock));
  }

  /** Stores `record` under the account's next seq and returns it with that seq and its time. */
  append(account: string, record: ChangeRecord): Promise<StoredChange> {
    return this.claims.append(account, record);
  }

  latestSeq(account: string): Promise<number> {
    return this.claims.latestSeq(account);
  }

  /**
   * The latest seq first, then the page up to it: a change stored in between is after the page, never
   * skipped by a client that moves on to `latestSeq` (a find is not a snapshot, and two commands in
   * flight at once may run in either order). Every seq up to the latest is stored (the log has no
   * holes), so the page cannot miss one of them either, which a find reaching past the latest could:
   * it may pass a seq's place before that seq is stored and find the next one. Retention then costs no
   * read when the page starts right after `since` or `since` is the latest (the latest is never trimmed).
   */
  async page(account: string, since: number, limit: number, visibility: ChangeVisibility): Promise<ChangesPage> {
    if (visibility.accesses === 'all' && visibility.channels === '*') {
      const known = this.claims.knownLatest(account);
      const whole = known !== null && known > since + limit ? await this.pageWithTail(account, since, limit, known) : await this.wholeLogPage(account, since, limit);
      if (whole) {
        this.claims.saw(account, whole.latestSeq);
        return whole;
      }
    }
    const latestSeq = await this.latestSeq(account);
    this.claims.saw(account, latestSeq);
    const changes = await this.between(account, since, latestSeq, limit, visibility);
    const retained = since >= latestSeq || changes[0]?.seq === since + 1 || (await this.exists(account, Math.max(since, 1)));
    if (retained) return { changes, latestSeq, expired: null };
    const oldest = await this.oldestSeq(account);
    return { changes, latestSeq, expired: oldest !== null && since < oldest - 1 ? { oldestSeq: oldest } : null };
  }

  /**
   * A page for a reader of the whole log, most often in one read: the changes from `since` itself on,
   * one more than asked. The log has no holes, so when they run on from `since` without a gap the
   * page is whole (a find is no snapshot, but a change stored before it began is never missed, and a
   * gap shows any seq stored while it ran that it passed), and when no more came than asked, its last
   * seq is the latest. Null when one read cannot tell: `since` is past the log or no longer kept, or
   * a gap (then the two reads above).
   */
  private async wholeLogPage(account: string, since: number, limit: number): Promise<ChangesPage | null> {
    const docs = await this.collection.find({ account, seq: { $gte: Math.max(since, 1) } }, { sort: { seq: 1 }, limit: limit + 2 });
    const read = docs.map(changeOf);
    // Seq 0 is no change: from 0 the log must start at 1 (trimmed, it starts later).
    if (since > 0 && read.shift()?.seq !== since) return null;
    if (!read.every((change, i) => change.seq === since + 1 + i)) return null;
    if (read.length <= limit) return { changes: read, latestSeq: read.length > 0 ? read[read.length - 1].seq : since, expired: null };
    // More than a page after `since`: the latest is past the page (and read after it, so at or past what the page holds).
    read.length = limit;
    return { changes: read, latestSeq: await this.latestSeq(account), expired: null };
  }

  /**
   * A page for a reader of the whole log, and the latest seq, in one read, when this node knows a
   * stored seq past the page (`known`: it claimed or read it): the changes from `since` to the page's
   * end and those from `known` on, newest first. The newest is the latest (every seq from `known`
   * on is in that read), found before the page is (the walk starts at the newest end): as when the
   * latest is read first. Null when one read cannot tell: more than TAIL_SLACK changes were stored
   * from `known` on (by other nodes), the page is not whole (`since` no longer kept, a gap), or
   * `known` is past the log (the account was removed and made again elsewhere; then it is forgotten).
   */
  private async pageWithTail(account: string, since: number, limit: number, known: number): Promise<ChangesPage | null> {
    const [first, last] = [Math.max(since, 1), since + limit];
    const docs = await this.collection.find({ account, $or: [{ seq: { $gte: first, $lte: last } }, { seq: { $gte: known } }] }, { sort: { seq: -1 }, limit: last - first + 1 + TAIL_SLACK });
    const newest = docs[0]?.seq as number | undefined;
    if (newest === undefined || newest < known) {
      this.claims.forgetLatest(account);
      return null;
    }
    const read = docs.filter((doc) => (doc.seq as number) <= last).reverse().map(changeOf);
    if (read.length !== last - first + 1 || !read.every((change, i) => change.seq === first + i)) return null;
    // From a `since` past 0, the read starts with `since` itself, there to show that it is still kept.
    if (since > 0) read.shift();
    return { changes: read, latestSeq: newest, expired: null };
  }

  exists(account: string, seq: number): Promise<boolean> {
    return this.claims.exists(account, seq);
  }

  async oldestSeq(account: string): Promise<number | null> {
    const [first] = await this.collection.find({ account }, { sort: { seq: 1 }, limit: 1 });
    return first ? (first.seq as number) : null;
  }

  /**
   * Drops the oldest changes only: those up to `floor`, and the run of changes older than `minTime`
   * after them. So the log keeps no holes (a change dated before an older one, by another node's
   * clock, stays until the run before it has gone), and both reads walk the (account, seq) index from
   * where trimming stops, not the whole log.
   */
  async trim(account: string, latest: number, maxCount: number, minTime: number): Promise<number> {
    const floor = Math.max(0, latest - Math.max(1, maxCount));
    const [firstKept] = await this.collection.find({ account, seq: { $gt: floor, $lt: latest }, time: { $gte: minTime } }, { sort: { seq: 1 }, limit: 1 });
    const keepFrom = firstKept ? (firstKept.seq as number) : latest;
    return keepFrom > 1 ? this.collection.deleteMany({ account, seq: { $lt: keepFrom } }) : 0;
  }

  since(account: string, since: number, limit: number, visibility: ChangeVisibility): Promise<StoredChange[]> {
    return this.between(account, since, null, limit, visibility);
  }

  /** The readable changes after `since` and up to `upTo` (null: no bound), in seq order. */
  private async between(account: string, since: number, upTo: number | null, limit: number, visibility: ChangeVisibility): Promise<StoredChange[]> {
    const readable = visibilityFilter(visibility);
    if (readable === null || (upTo !== null && upTo <= since)) return [];
    const seq = upTo === null ? { $gt: since } : { $gt: since, $lte: upTo };
    const docs = await this.collection.find({ account, seq, ...readable }, { sort: { seq: 1 }, limit });
    return docs.map(changeOf);
  }

  async removeAccount(account: string): Promise<number> {
    await this.claims.forget(account);
    return this.collection.deleteMany({ account });
  }
}

/** A stored change as the log gives it: without the document's key and account. */
function changeOf({ _id, account: _account, ...change }: Doc): StoredChange {
  return change as unknown as StoredChange;
}

/** The changes `visibility` may read, as a filter; null when it may read none. */
function visibilityFilter(visibility: ChangeVisibility): Filter | null {
  const alternatives: Filter[] = [];
  if (visibility.accesses === 'all') alternatives.push({ kind: 'accesses' });
  else if (visibility.accesses !== 'none') alternatives.push({ kind: 'accesses', 'scope.accessCreators': visibility.accesses.createdBy });
  if (visibility.channels === '*') alternatives.push({ kind: { $ne: 'accesses' } });
  else if (visibility.channels.length > 0) alternatives.push({ kind: { $ne: 'accesses' }, channelId: { $in: visibility.channels } });
  for (const { channelId, folderIds } of visibility.partial) {
    alternatives.push({ kind: 'channels', channelId });
    if (folderIds.length > 0) alternatives.push({ kind: { $in: ['folders', 'events'] }, channelId, 'scope.folderIds': { $in: folderIds } });
  }
  if (alternatives.length === 0) return null;
  return alternatives.length === 1 ? alternatives[0] : { $or: alternatives };
}
