import { expect } from 'chai';
import { describeApi, ApiContext } from '../helpers/describe-api';
import { expectError, expectOk } from '../helpers/accounts';

const T = 1_700_000_000;

async function getOne(t: ApiContext, cid: string, id: string): Promise<any> {
  return expectOk(await t.caller.call(`${cid}.events.getOne`, { id })).event;
}

async function runningIds(t: ApiContext, cid: string): Promise<string[]> {
  return expectOk(await t.caller.call(`${cid}.events.getRunning`)).events.map((event: { id: string }) => event.id);
}

describeApi('event periods', (t) => {
  beforeEach(async () => {
    expectOk(await t.caller.call('channels.create', { id: 'free', name: 'Free' }));
    expectOk(await t.caller.call('channels.create', { id: 'single', name: 'Single', enforceNoEventsOverlap: true }));
  });

  it('events.start creates a running period (201) that getRunning lists and events.stop ends', async () => {
    const started = expectOk(await t.caller.call('free.events.start', { id: 'walk', type: 'activity/plain', time: T }), 201);
    expect(started).to.not.have.property('stoppedId');
    expect(started.event).to.include({ id: 'walk', time: T, duration: null, type: 'activity/plain' });
    expect(await runningIds(t, 'free')).to.deep.equal(['walk']);

    expect(expectOk(await t.caller.call('free.events.stop', { id: 'walk', time: T + 90 }))).to.deep.include({ stoppedId: 'walk' });
    expect(await getOne(t, 'free', 'walk')).to.include({ time: T, duration: 90 });
    expect(await runningIds(t, 'free')).to.deep.equal([]);
  });

  it('events.stop defaults its time to now', async () => {
    const before = Date.now() / 1000;
    expectOk(await t.caller.call('free.events.start', { id: 'walk', type: 'activity/plain', time: T }));
    expectOk(await t.caller.call('free.events.stop', { id: 'walk' }));
    const { duration } = await getOne(t, 'free', 'walk');
    expect(T + duration).to.be.within(before - 1, Date.now() / 1000 + 1);
  });

  it('events.stop refuses an event that is not running, or a time before its start, with invalid-operation', async () => {
    expectOk(await t.caller.call('free.events.create', { id: 'mark', type: 'note/txt', time: T }));
    expectOk(await t.caller.call('free.events.create', { id: 'done', type: 'activity/plain', time: T, duration: 5 }));
    expectOk(await t.caller.call('free.events.start', { id: 'walk', type: 'activity/plain', time: T }));
    expectError(await t.caller.call('free.events.stop', { id: 'mark' }), 'invalid-operation', 400);
    expectError(await t.caller.call('free.events.stop', { id: 'done' }), 'invalid-operation', 400);
    expectError(await t.caller.call('free.events.stop', { id: 'walk', time: T - 1 }), 'invalid-operation', 400);
    expectOk(await t.caller.call('free.events.stop', { id: 'walk', time: T + 1 }));
    expectError(await t.caller.call('free.events.stop', { id: 'walk', time: T + 2 }), 'invalid-operation', 400);
    expectError(await t.caller.call('free.events.stop', { id: 'missing' }), 'unknown-resource', 404);
  });

  it('events.start in a channel that allows overlaps leaves the other running periods running', async () => {
    expectOk(await t.caller.call('free.events.start', { id: 'one', type: 'activity/plain', time: T }));
    expectOk(await t.caller.call('free.events.start', { id: 'two', type: 'activity/plain', time: T + 10 }));
    expect(await runningIds(t, 'free')).to.deep.equal(['two', 'one']);
    expectError(await t.caller.call('free.events.stop', {}), 'invalid-parameters-format', 400);
  });

  it('getRunning hides trashed running periods', async () => {
    expectOk(await t.caller.call('free.events.start', { id: 'ongoing', type: 'activity/plain', time: T }));
    expectOk(await t.caller.call('free.events.start', { id: 'binned', type: 'activity/plain', time: T + 1 }));
    expectOk(await t.caller.call('free.events.delete', { id: 'binned' }));
    const result = expectOk(await t.caller.call('free.events.getRunning'));
    expect(Object.keys(result).filter((key) => key !== 'meta')).to.deep.equal(['events']);
    expect(result.events.map((event: { id: string }) => event.id)).to.deep.equal(['ongoing']);
  });

  it('events.start in a no-overlap channel stops the running period at the new start and returns stoppedId', async () => {
    expectOk(await t.caller.call('single.events.start', { id: 'first', type: 'activity/plain', time: T }));
    const second = expectOk(await t.caller.call('single.events.start', { id: 'second', type: 'activity/plain', time: T + 60 }), 201);
    expect(second.stoppedId).to.equal('first');
    expect(await getOne(t, 'single', 'first')).to.include({ duration: 60 });
    expect(await runningIds(t, 'single')).to.deep.equal(['second']);
  });

  it('events.create with duration null behaves like start in a no-overlap channel', async () => {
    expectOk(await t.caller.call('single.events.create', { id: 'first', type: 'activity/plain', time: T, duration: null }));
    const second = expectOk(await t.caller.call('single.events.create', { id: 'second', type: 'activity/plain', time: T + 30, duration: null }), 201);
    expect(second.stoppedId).to.equal('first');
    expect(second.event.duration).to.equal(null);
    expect(await getOne(t, 'single', 'first')).to.include({ duration: 30 });
  });

  it('events.stop without an id stops the running period of a no-overlap channel', async () => {
    expectError(await t.caller.call('single.events.stop', {}), 'invalid-operation', 400);
    expectOk(await t.caller.call('single.events.start', { id: 'only', type: 'activity/plain', time: T }));
    expect(expectOk(await t.caller.call('single.events.stop', { time: T + 15 })).stoppedId).to.equal('only');
    expect(await getOne(t, 'single', 'only')).to.include({ duration: 15 });
  });

  it('refuses a period overlapping another with periods-overlap naming it, in a no-overlap channel only', async () => {
    expectOk(await t.caller.call('single.events.create', { id: 'morning', type: 'activity/plain', time: T, duration: 100 }));
    const overlap = expectError(await t.caller.call('single.events.create', { type: 'activity/plain', time: T + 50, duration: 100 }), 'periods-overlap', 400);
    expect(overlap.data).to.deep.equal({ overlappedIds: ['morning'] });
    expectError(await t.caller.call('single.events.create', { type: 'activity/plain', time: T - 10, duration: 200 }), 'periods-overlap', 400);
    expectError(await t.caller.call('single.events.start', { type: 'activity/plain', time: T + 99 }), 'periods-overlap', 400);
    expectError(await t.caller.call('single.events.create', { type: 'activity/plain', time: T + 10, duration: 0 }), 'periods-overlap', 400);

    expectOk(await t.caller.call('free.events.create', { type: 'activity/plain', time: T, duration: 100 }));
    expectOk(await t.caller.call('free.events.create', { type: 'activity/plain', time: T + 50, duration: 100 }));
  });

  it('lets touching periods, marks and trashed periods be in a no-overlap channel', async () => {
    expectOk(await t.caller.call('single.events.create', { id: 'morning', type: 'activity/plain', time: T, duration: 100 }));
    expectOk(await t.caller.call('single.events.create', { id: 'noon', type: 'activity/plain', time: T + 100, duration: 50 }));
    expectOk(await t.caller.call('single.events.create', { id: 'dawn', type: 'activity/plain', time: T - 20, duration: 20 }));
    expectOk(await t.caller.call('single.events.create', { id: 'note', type: 'note/txt', time: T + 10 }));
    expectOk(await t.caller.call('single.events.delete', { id: 'noon' }));
    expectOk(await t.caller.call('single.events.create', { id: 'afternoon', type: 'activity/plain', time: T + 120, duration: 60 }));
  });

  it('events.update refuses to move a period onto another, or to restore one that now overlaps', async () => {
    expectOk(await t.caller.call('single.events.create', { id: 'a', type: 'activity/plain', time: T, duration: 100 }));
    expectOk(await t.caller.call('single.events.create', { id: 'b', type: 'activity/plain', time: T + 200, duration: 100 }));
    const moved = expectError(await t.caller.call('single.events.update', { id: 'b', update: { time: T + 50 } }), 'periods-overlap', 400);
    expect(moved.data).to.deep.equal({ overlappedIds: ['a'] });
    expectError(await t.caller.call('single.events.update', { id: 'a', update: { duration: 250 } }), 'periods-overlap', 400);
    expectError(await t.caller.call('single.events.update', { id: 'a', update: { duration: null } }), 'periods-overlap', 400);
    expectOk(await t.caller.call('single.events.update', { id: 'a', update: { duration: 200, description: 'touches b' } }));

    expectOk(await t.caller.call('single.events.delete', { id: 'b' }));
    expectOk(await t.caller.call('single.events.create', { id: 'c', type: 'activity/plain', time: T + 250, duration: 10 }));
    expectError(await t.caller.call('single.events.update', { id: 'b', update: { trashed: false } }), 'periods-overlap', 400);
    expect(await getOne(t, 'single', 'b')).to.include({ time: T + 200, trashed: true });
  });

  it('events.start refuses, without stopping anything, a start before the running period began', async () => {
    expectOk(await t.caller.call('single.events.start', { id: 'ongoing', type: 'activity/plain', time: T }));
    const error = expectError(await t.caller.call('single.events.start', { type: 'activity/plain', time: T - 10 }), 'periods-overlap', 400);
    expect(error.data).to.deep.equal({ overlappedIds: ['ongoing'] });
    expect(await getOne(t, 'single', 'ongoing')).to.include({ duration: null });
  });

  it('events.start with a taken id leaves the running period running', async () => {
    expectOk(await t.caller.call('single.events.create', { id: 'taken', type: 'note/txt', time: T - 100 }));
    expectOk(await t.caller.call('single.events.start', { id: 'ongoing', type: 'activity/plain', time: T }));
    expectError(await t.caller.call('single.events.start', { id: 'taken', type: 'activity/plain', time: T + 10 }), 'item-already-exists', 409);
    expect(await getOne(t, 'single', 'ongoing')).to.include({ duration: null });
  });
});
