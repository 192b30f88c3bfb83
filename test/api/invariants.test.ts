/** Invariants under concurrent calls on one node: no overlapping periods, no cycles in a folder tree, unique sibling names. */
import { expect } from 'chai';
import { describeApi, ApiContext } from '../helpers/describe-api';
import { expectError, expectOk } from '../helpers/accounts';

const T = 1_700_000_000;

interface Period {
  id: string;
  time: number;
  duration?: number | null;
}

/** Every non-trashed period of the channel. */
async function periods(t: ApiContext, cid: string): Promise<Period[]> {
  const { events } = expectOk(await t.caller.call(`${cid}.events.get`, { limit: 10000 }));
  return (events as Period[]).filter((event) => event.duration !== undefined);
}

/** The pairs of periods that overlap (touching ones do not). */
function overlappingPairs(list: Period[]): string[] {
  const end = (p: Period) => (p.duration === null ? Infinity : p.time + p.duration!);
  const pairs: string[] = [];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      if (list[i].time < end(list[j]) && list[j].time < end(list[i])) pairs.push(`${list[i].id}/${list[j].id}`);
    }
  }
  return pairs;
}

describeApi('invariants under concurrent calls', (t) => {
  beforeEach(async () => {
    expectOk(await t.caller.call('channels.create', { id: 'single', name: 'Single', enforceNoEventsOverlap: true }));
  });

  it('40 concurrent events.start in a no-overlap channel leave one running period and no overlaps', async () => {
    const outcomes = await Promise.all(Array.from({ length: 40 }, (_, i) => t.caller.call('single.events.start', { id: `s${i}`, type: 'activity/plain', time: T + i })));
    const failures = outcomes.filter((outcome) => outcome.error).map((outcome) => outcome.error!.id);
    expect(new Set(failures)).to.satisfy((ids: Set<string>) => [...ids].every((id) => id === 'periods-overlap'));
    const stored = await periods(t, 'single');
    expect(stored.filter((p) => p.duration === null), 'running periods').to.have.length(1);
    expect(overlappingPairs(stored)).to.deep.equal([]);
    expect(stored).to.have.length(40 - failures.length);
  });

  it('50 concurrent overlapping events.create in a no-overlap channel store one period', async () => {
    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => t.caller.call('single.events.create', { id: `p${i}`, type: 'activity/plain', time: T + i, duration: 100 })));
    expect(outcomes.filter((outcome) => !outcome.error).length, 'successes').to.equal(1);
    expect(outcomes.filter((outcome) => outcome.error?.id === 'periods-overlap')).to.have.length(49);
    expect(await periods(t, 'single')).to.have.length(1);
  });

  it('interleaved events.start and events.stop leave no overlapping periods', async () => {
    const calls = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0 ? t.caller.call('single.events.start', { id: `s${i}`, type: 'activity/plain', time: T + i }) : t.caller.call('single.events.stop', { time: T + i }),
    );
    const outcomes = await Promise.all(calls);
    for (const outcome of outcomes) if (outcome.error) expect(['periods-overlap', 'invalid-operation']).to.include(outcome.error.id);
    const stored = await periods(t, 'single');
    expect(overlappingPairs(stored)).to.deep.equal([]);
    expect(stored.filter((p) => p.duration === null).length).to.be.at.most(1);
  });

  it('crossed folder moves (X under Y, Y under X) at once: one succeeds, the tree keeps both', async () => {
    expectOk(await t.caller.call('single.folders.create', { id: 'x', name: 'X' }), 201);
    expectOk(await t.caller.call('single.folders.create', { id: 'y', name: 'Y' }), 201);
    const outcomes = await Promise.all([
      t.caller.call('single.folders.update', { id: 'x', update: { parentId: 'y' } }),
      t.caller.call('single.folders.update', { id: 'y', update: { parentId: 'x' } }),
    ]);
    expect(outcomes.filter((outcome) => !outcome.error).length, 'successes').to.equal(1);
    expect(outcomes.find((outcome) => outcome.error)!.error!.id).to.equal('invalid-operation');
    const { folders } = expectOk(await t.caller.call('single.folders.get', { state: 'all' }));
    expect(folders).to.have.length(1);
    expect(folders[0].children).to.have.length(1);
  });

  it('periods-overlap names only the overlapped events the caller may read', async () => {
    expectOk(await t.caller.call('single.folders.create', { id: 'mine', name: 'Mine' }), 201);
    expectOk(await t.caller.call('single.events.create', { id: 'hidden', type: 'activity/plain', time: T, duration: 100 }), 201);
    expectOk(await t.caller.call('single.events.create', { id: 'seen', type: 'activity/plain', time: T + 200, duration: 100, folderId: 'mine' }), 201);
    const { caller } = await t.grant([{ channelId: 'single', folderId: 'mine', level: 'contribute' }]);
    const refused = expectError(await caller.call('single.events.create', { type: 'activity/plain', time: T + 50, duration: 200, folderId: 'mine' }), 'periods-overlap', 400);
    expect(refused.data).to.deep.equal({ overlappedIds: ['seen'] });
  });

  it('20 concurrent folders.create with one name under one parent store one', async () => {
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => t.caller.call('single.folders.create', { name: 'Same' })));
    expect(outcomes.filter((outcome) => !outcome.error).length, 'successes').to.equal(1);
    expect(outcomes.filter((outcome) => outcome.error?.id === 'item-already-exists')).to.have.length(19);
  });
});
