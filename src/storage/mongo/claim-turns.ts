/**
 * Turns between nodes claiming the seqs of one account (see SeqClaims). A claim inserts
 * `latest + 1`; the node that has just claimed knows the next seq at once, while a node that lost
 * learns only that the seq it tried is taken. So a node writing in a steady stream wins nearly every
 * race, and the other node's writes wait until the stream ends (seen on FerretDB: ~3 s, past the
 * store deadline, for the second node of a busy account).
 *
 * A node that lost several claims in a row therefore asks for a turn: one document
 * `_id = account` naming it, taken by an insert (one asker wins) or over an expired one. A node
 * claiming in a burst looks for a turn every few claims and, when another node holds one, stands
 * aside until that node gives it back or its turn expires. A node that never loses never writes a
 * turn, and reads one only once every few claims of a burst (none for a single write).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { type Database, type DocumentCollection, DuplicateKeyError } from './documents';

/** How long a turn lasts at most: far longer than the few claims it is for, short enough for a crashed holder. */
const TURN_MS = 500;
/** The pause between looks at a turn held by another node: about a claim's round trip. */
const POLL_MS = 2;

export class ClaimTurns {
  /** This node, as named in the turns it holds. */
  private readonly node = randomUUID();

  private constructor(
    private readonly collection: DocumentCollection,
    private readonly now: () => number,
  ) {}

  static async open(db: Database, now: () => number = Date.now): Promise<ClaimTurns> {
    return new ClaimTurns(await db.collection('claim_turns', []), now);
  }

  /** Takes the account's turn for this node; false when another node holds a live one. */
  async ask(account: string): Promise<boolean> {
    const now = this.now();
    try {
      await this.collection.insertOne({ _id: account, node: this.node, expires: now + TURN_MS });
      return true;
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
    // An expired turn is taken over by one conditional update: of two nodes trying, one matches.
    return (await this.collection.updateOne({ _id: account, expires: { $lt: now } }, { set: { node: this.node, expires: now + TURN_MS } })) !== null;
  }

  /** Forgets the account's turn, whoever holds it (the account is being removed). */
  async forget(account: string): Promise<void> {
    await this.collection.deleteOne({ _id: account });
  }

  /** Gives the turn back, if this node still holds it (a failed release lets it expire). */
  async release(account: string): Promise<void> {
    await this.collection.deleteOne({ _id: account, node: this.node }).catch(() => false);
  }

  /** Returns once no other node holds a live turn of the account, or after TURN_MS at most. */
  async standAside(account: string): Promise<void> {
    const until = this.now() + TURN_MS;
    for (;;) {
      const turn = await this.collection.findOne({ _id: account });
      if (turn === null || turn.node === this.node || (turn.expires as number) < this.now() || this.now() >= until) return;
      await delay(POLL_MS * (0.5 + Math.random()));
    }
  }
}
