/**
 * The claim of each change's seq on MongoDB. A seq is claimed by inserting the change under
 * `_id = account/seq`: the primary key makes a second claim of the same seq fail on every node,
 * without transactions. A writer only tries `latest + 1`, so seq N+1 can only exist once seq N is
 * stored and readable: the log has no holes for a reader to skip.
 *
 * A writer that loses seq N knows N is stored, so it tries N+1 at once, and only after several
 * losses in a row looks for the latest seq, by primary-key probes; losses in a row back off with
 * jitter so two nodes do not race in step. That alone is not fair: a node claiming in a stream knows
 * its next seq before a loser does, so after those losses the loser asks for a turn (ClaimTurns), which
 * a node in a stream of claims looks for every few claims. No number of losses fails a write: only
 * CLAIM_TIMEOUT_MS does, before the item is written (the change comes first), so a failed claim
 * leaves nothing stored.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { withoutUndefined } from '../../model/without-undefined';
import { StoreUnavailableError, type ChangeRecord, type StoredChange } from '../store';
import { ClaimTurns } from './claim-turns';
import { type DocumentCollection, DuplicateKeyError } from './documents';

/** How long a write may try to claim a seq before failing with `api-unavailable`. */
const CLAIM_TIMEOUT_MS = 10_000;
/** Lost claims in a row after which the latest seq is looked for instead of trying the next one. */
const LOSSES_BEFORE_PROBING = 3;
/** Lost claims in a row from which this node asks for a turn. */
const LOSSES_BEFORE_ASKING = 2;
/** A stream of claims on this node looks for another node's turn once every this many claims. */
const CLAIMS_BETWEEN_TURN_LOOKS = 8;
/** Claims a node makes in a turn at most before giving it back (fewer when it has no more to claim). */
const CLAIMS_PER_TURN = 8;
// Accounts whose last claimed seq this node remembers; the oldest are forgotten beyond this.
const MAX_REMEMBERED_ACCOUNTS = 100000;
/**
 * How long a remembered claim is trusted without checking that it is still stored. Retention never
 * trims the latest change, so only an account removed (and re-created) elsewhere can make it stale;
 * past this the claim is checked again with a primary-key read.
 */
const TRUST_REMEMBERED_SECONDS = 1;

interface Remembered {
  seq: number;
  at: number;
}

/** The claims of one account on this node, while it has any. */
interface Claiming {
  /** The last claim queued: the next one runs after it. */
  tail: Promise<unknown>;
  /** Claims queued or running. */
  waiting: number;
  /** Claims queued behind another since the queue was last empty: a stream. */
  streak: number;
  /** Claims left in this node's turn, 0 when it holds none. */
  turnLeft: number;
}

export class SeqClaims {
  /** Claims on one node are queued per account, so only writers on other nodes ever race. */
  private readonly claiming = new Map<string, Claiming>();
  /** The last seq this node claimed per account: reading the latest seq would sort the account's log. */
  private readonly lastClaimed = new Map<string, Remembered>();

  constructor(
    /** The change log's collection. */
    private readonly collection: DocumentCollection,
    private readonly turns: ClaimTurns,
    private readonly clock: () => number,
  ) {}

  /** Stores `record` under the account's next seq and returns it with that seq and its time. */
  append(account: string, record: ChangeRecord): Promise<StoredChange> {
    let claiming = this.claiming.get(account);
    if (claiming === undefined) this.claiming.set(account, (claiming = { tail: Promise.resolve(), waiting: 0, streak: 0, turnLeft: 0 }));
    else claiming.streak++;
    claiming.waiting++;
    const state = claiming;
    const run = () => this.claim(account, record, state);
    const claim = state.tail.then(run, run);
    state.tail = claim;
    // Forget an idle account's queue so the map holds only accounts being written right now.
    void claim.finally(() => --state.waiting === 0 && this.claiming.delete(account)).catch(() => {});
    return claim;
  }

  async latestSeq(account: string): Promise<number> {
    const [last] = await this.collection.find({ account }, { sort: { seq: -1 }, limit: 1 });
    return last ? (last.seq as number) : 0;
  }

  /** The latest seq this node knows to be stored (it claimed it, or read it as the latest), or null. */
  knownLatest(account: string): number | null {
    return this.lastClaimed.get(account)?.seq ?? null;
  }

  /** Remembers `seq`, read as the latest, when it is past what this node knew; the next claim and page read start from it. */
  saw(account: string, seq: number): void {
    const known = this.lastClaimed.get(account)?.seq;
    if (seq > 0 && (known === undefined || seq > known)) this.remember(account, seq);
  }

  /** Forgets what this node knew of the account's latest seq: a read found it past the log (the account was removed elsewhere). */
  forgetLatest(account: string): void {
    this.lastClaimed.delete(account);
  }

  async exists(account: string, seq: number): Promise<boolean> {
    return (await this.collection.findOne({ _id: `${account}/${seq}` })) !== null;
  }

  /** Forgets what this node knows of an account being removed, and its turn. */
  async forget(account: string): Promise<void> {
    this.lastClaimed.delete(account);
    await this.turns.forget(account);
  }

  private async claim(account: string, record: ChangeRecord, claiming: Claiming): Promise<StoredChange> {
    if (claiming.turnLeft === 0 && claiming.streak > 0 && claiming.streak % CLAIMS_BETWEEN_TURN_LOOKS === 0) await this.turns.standAside(account);
    try {
      const stored = await this.claimNext(account, record, claiming);
      // The turn is given back after its claims, or at once when nothing more is queued here.
      if (claiming.turnLeft > 0 && (--claiming.turnLeft === 0 || claiming.waiting === 1)) this.giveBackTurn(account, claiming);
      return stored;
    } catch (error) {
      if (claiming.turnLeft > 0) this.giveBackTurn(account, claiming);
      throw error;
    }
  }

  private async claimNext(account: string, record: ChangeRecord, claiming: Claiming): Promise<StoredChange> {
    const deadline = Date.now() + CLAIM_TIMEOUT_MS;
    let seq = await this.nextSeq(account);
    for (let lost = 0; ; lost++) {
      const stored = withoutUndefined({ seq, ...record, time: this.clock() } as StoredChange);
      try {
        await this.collection.insertOne({ _id: `${account}/${seq}`, account, ...stored });
        this.remember(account, seq);
        return stored;
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
      }
      if (Date.now() >= deadline) throw new StoreUnavailableError(`could not claim a change seq for ${account} within ${CLAIM_TIMEOUT_MS} ms`);
      // Asked again after each further loss: another node may have held the turn at the first ask.
      if (lost + 1 >= LOSSES_BEFORE_ASKING && claiming.turnLeft === 0 && (await this.turns.ask(account))) claiming.turnLeft = CLAIMS_PER_TURN;
      // Seq `seq` is stored (the claim lost to it), so one past it keeps the log without holes. In a
      // turn the other nodes soon stand aside, so trying one further at once catches up with them
      // (each loss costs one insert, less than a probe of the latest seq, which is no snapshot).
      if (claiming.turnLeft > 0) {
        seq += 1;
        continue;
      }
      seq = lost + 1 < LOSSES_BEFORE_PROBING ? seq + 1 : (await this.latestFrom(account, seq)) + 1;
      if (lost > 0) await delay(Math.random() * Math.min(2 ** lost, 20));
    }
  }

  private giveBackTurn(account: string, claiming: Claiming): void {
    claiming.turnLeft = 0;
    void this.turns.release(account);
  }

  /** The latest seq, knowing that `known` is stored: primary-key probes, doubling then halving (the log has no holes above it). */
  private async latestFrom(account: string, known: number): Promise<number> {
    let low = known;
    let step = 1;
    while (await this.exists(account, low + step)) {
      low += step;
      step *= 2;
    }
    let high = low + step; // not stored
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (await this.exists(account, middle)) low = middle;
      else high = middle;
    }
    return low;
  }

  /**
   * The seq to try: one past the remembered claim while it is recent or still stored (so seq N+1 is
   * never tried unless N exists), else one past the latest stored.
   */
  private async nextSeq(account: string): Promise<number> {
    const remembered = this.lastClaimed.get(account);
    if (remembered !== undefined) {
      if (this.clock() - remembered.at < TRUST_REMEMBERED_SECONDS || (await this.exists(account, remembered.seq))) return remembered.seq + 1;
    }
    return (await this.latestSeq(account)) + 1;
  }

  private remember(account: string, seq: number): void {
    this.lastClaimed.delete(account);
    this.lastClaimed.set(account, { seq, at: this.clock() });
    if (this.lastClaimed.size > MAX_REMEMBERED_ACCOUNTS) this.lastClaimed.delete(this.lastClaimed.keys().next().value!);
  }
}
