import { expect } from 'chai';
import type { ScopedChange } from '../../src/changes/change-log';
import { ChangeSequencer, GAP_READS, GAP_WAIT_MS } from '../../src/notifications/change-sequencer';

const change = (seq: number): ScopedChange => ({ seq, kind: 'channels', action: 'created', channelId: `c${seq}`, ids: [`c${seq}`], time: seq });
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A sequencer over a fake log holding `stored`, recording what it emits. */
function setup(latest: number, stored: ScopedChange[]) {
  const emitted: number[] = [];
  const reads: number[] = [];
  const sequencer = new ChangeSequencer(
    {
      latestSeq: async () => latest,
      since: async (_account, after) => {
        reads.push(after);
        return stored.filter((c) => c.seq > after);
      },
    },
    (_account, c) => {
      emitted.push(c.seq);
      return true;
    },
  );
  return { sequencer, emitted, reads };
}

describe('ChangeSequencer: an account’s changes in seq order on one node', () => {
  it('holds a later seq until the earlier one arrives, then emits both in order, and drops repeats and changes from before the first socket', async () => {
    const { sequencer, emitted, reads } = setup(10, []);
    await sequencer.open('alice');
    sequencer.accept('alice', change(9));
    sequencer.accept('alice', change(12));
    sequencer.accept('alice', change(11));
    expect(emitted).to.deep.equal([11, 12]);
    sequencer.accept('alice', change(12));
    sequencer.accept('alice', change(13));
    expect(emitted).to.deep.equal([11, 12, 13]);
    expect(reads).to.deep.equal([]);
  });

  it('reads a gap from the change log when the earlier seq does not come in time, and never emits it twice when it comes late', async () => {
    const { sequencer, emitted, reads } = setup(0, [change(1), change(2)]);
    await sequencer.open('alice');
    sequencer.accept('alice', change(2));
    expect(emitted).to.deep.equal([]);
    await wait(GAP_WAIT_MS + 50);
    expect(reads).to.deep.equal([0]);
    expect(emitted).to.deep.equal([1, 2]);
    sequencer.accept('alice', change(1));
    expect(emitted).to.deep.equal([1, 2]);
  });

  it('skips a seq the log never shows (a write that failed after taking it) after a few reads', async () => {
    const { sequencer, emitted } = setup(0, [change(2)]);
    await sequencer.open('alice');
    sequencer.accept('alice', change(2));
    await wait(GAP_WAIT_MS * (GAP_READS - 1));
    expect(emitted, 'skipped too early').to.deep.equal([]);
    await wait(GAP_WAIT_MS * 2 + 100);
    expect(emitted).to.deep.equal([2]);
  });

  it('emits nothing for an account with no socket on this node', () => {
    const { sequencer, emitted } = setup(0, []);
    sequencer.accept('bob', change(1));
    expect(emitted).to.deep.equal([]);
  });
});
