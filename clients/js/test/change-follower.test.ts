import { expect } from 'chai';
import { ChangeFollower, LogbookError, type Change, type FollowerPort, type SyncOptions } from '@logbook/client';
import { eventually } from './helpers';

type Page = { changes: Change[]; lastSeq: number };

function change(seq: number): Change {
  return { seq, kind: 'events', action: 'created', channelId: 'c', ids: [`e${seq}`], time: seq };
}

/** A change log in memory behind the follower's port, with notifications to fire and answers to hold or script. */
class FakePort implements FollowerPort {
  log: Change[] = [];
  readonly asked: number[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** Answers used before the log's own, one per call. */
  readonly scripted: (Page | LogbookError)[] = [];
  /** When set, answers wait for `release()`. */
  private held: (() => void)[] | null = null;
  private readonly seqListeners = new Set<(seq: number) => void>();
  private readonly connectListeners = new Set<() => void>();

  write(count: number): void {
    for (let i = 0; i < count; i++) this.log.push(change(this.log.length + 1));
  }
  notify(seq: number): void {
    for (const listener of this.seqListeners) listener(seq);
  }
  hold(): void {
    this.held = [];
  }
  release(): void {
    const waiting = this.held ?? [];
    this.held = null;
    for (const go of waiting) go();
  }

  async getChanges({ since, limit }: { since: number; limit: number }): Promise<Page> {
    this.asked.push(since);
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    try {
      if (this.held) await new Promise<void>((resolve) => this.held!.push(resolve));
      const scripted = this.scripted.shift();
      if (scripted instanceof LogbookError) throw scripted;
      if (scripted) return scripted;
      return { changes: this.log.filter((c) => c.seq > since).slice(0, limit), lastSeq: this.log.length };
    } finally {
      this.inFlight--;
    }
  }
  onConnect(listener: () => void): () => void {
    this.connectListeners.add(listener);
    return () => this.connectListeners.delete(listener);
  }
  onNotifiedSeq(listener: (seq: number) => void): () => void {
    this.seqListeners.add(listener);
    return () => this.seqListeners.delete(listener);
  }
}

function follow(port: FakePort, options: Partial<SyncOptions> = {}): { follower: ChangeFollower; seqs: number[]; errors: unknown[] } {
  const seqs: number[] = [];
  const errors: unknown[] = [];
  const follower = new ChangeFollower(port, {
    onChange: (c) => void seqs.push(c.seq),
    onReset: () => undefined,
    onError: (error) => void errors.push(error),
    retryDelayMs: 1,
    ...options,
  });
  return { follower, seqs, errors };
}

describe('JavaScript client: ChangeFollower', () => {
  it('runs one catch-up at a time, however many notifications arrive during it, and drops duplicates', async () => {
    const port = new FakePort();
    port.write(3);
    port.hold();
    const { follower, seqs } = follow(port, { pageSize: 2 });
    for (const seq of [2, 3, 3, 1, 3]) port.notify(seq);
    port.write(2);
    port.notify(5);
    port.release();
    await follower.catchUp();
    expect(port.maxInFlight).to.equal(1);
    expect(seqs).to.deep.equal([1, 2, 3, 4, 5]);
    // A stale or repeated notification starts nothing.
    const asked = port.asked.length;
    port.notify(5);
    port.notify(4);
    expect(port.asked.length).to.equal(asked);
  });

  it('asks again when an empty page says the log is ahead: a change stored between scan and answer is not skipped', async () => {
    const port = new FakePort();
    port.write(5);
    const { follower, seqs } = follow(port, { since: 5 });
    await follower.catchUp();
    port.write(1);
    // changes.get scanned from 5 before seq 6 was stored, then read the latest seq (6): an empty page with lastSeq 6.
    port.scripted.push({ changes: [], lastSeq: 6 });
    port.notify(6);
    await follower.catchUp();
    expect(seqs).to.deep.equal([6]);
    expect(follower.lastSeq).to.equal(6);
  });

  it('moves past what the token may not read to the lastSeq of a page that is not full', async () => {
    const port = new FakePort();
    port.scripted.push({ changes: [change(2)], lastSeq: 9 });
    const { follower, seqs } = follow(port);
    await follower.catchUp();
    expect(seqs).to.deep.equal([2]);
    expect(follower.lastSeq).to.equal(9);
    // The catch-up started at construction, then the one asked for here, from 9.
    expect(port.asked).to.deep.equal([0, 9]);
  });

  it('retries after a transient failure, and stops for good after another', async () => {
    const port = new FakePort();
    port.write(2);
    port.scripted.push(new LogbookError('connection-lost', 'gone'));
    const { follower, seqs, errors } = follow(port);
    await eventually('the retry delivers', () => seqs.length === 2);
    expect(errors.map((e) => (e as LogbookError).id)).to.deep.equal(['connection-lost']);
    port.scripted.push(new LogbookError('forbidden', 'no'));
    port.write(1);
    port.notify(3);
    await follower.catchUp();
    port.notify(3);
    await follower.catchUp();
    expect(errors.map((e) => (e as LogbookError).id)).to.deep.equal(['connection-lost', 'forbidden']);
    expect(seqs).to.deep.equal([1, 2]);
  });

  it('stops at the change before one whose onChange throws', async () => {
    const port = new FakePort();
    port.write(4);
    const seqs: number[] = [];
    const errors: unknown[] = [];
    const follower = new ChangeFollower(port, {
      onChange: (c) => {
        if (c.seq === 3) throw new Error('app failed');
        seqs.push(c.seq);
      },
      onReset: () => undefined,
      onError: (error) => void errors.push(error),
    });
    await follower.catchUp();
    expect(seqs).to.deep.equal([1, 2]);
    expect(follower.lastSeq).to.equal(2);
    expect(errors.map(String)).to.deep.equal(['Error: app failed']);
  });
});
