import { expect } from 'chai';
import { describeApi, ApiContext } from '../helpers/describe-api';
import { expectError, expectOk } from '../helpers/accounts';

const T = 1_700_000_000;
const DAY = 86400;

interface StoredEvent {
  id: string;
  time: number;
  modified: number;
}

/** Creates the events in one batch call, each with its id, and returns them as stored. */
async function seed(t: ApiContext, events: Record<string, unknown>[]): Promise<StoredEvent[]> {
  const { results } = expectOk(await t.caller.call('callBatch', events.map((params) => ({ method: 'work.events.create', params: { type: 'note/txt', ...params } }))));
  for (const result of results) expect(result.error, JSON.stringify(result.error)).to.equal(undefined);
  return results.map((result: { event: StoredEvent }) => result.event);
}

async function idsOf(t: ApiContext, params: Record<string, unknown>): Promise<string[]> {
  return expectOk(await t.caller.call('work.events.get', params)).events.map((event: StoredEvent) => event.id);
}

describeApi('events.get', (t) => {
  beforeEach(async () => {
    expectOk(await t.caller.call('channels.create', { id: 'work', name: 'Work' }));
  });

  it('lists events newest first, oldest first with sortAscending, and pages with skip and limit', async () => {
    await seed(t, [1, 2, 3, 4].map((n) => ({ id: `e${n}`, time: T + n })));
    expect(await idsOf(t, {})).to.deep.equal(['e4', 'e3', 'e2', 'e1']);
    expect(await idsOf(t, { sortAscending: true })).to.deep.equal(['e1', 'e2', 'e3', 'e4']);
    expect(await idsOf(t, { sortAscending: false, skip: 1, limit: 2 })).to.deep.equal(['e3', 'e2']);
    expect(await idsOf(t, { sortAscending: true, skip: 1, limit: 2 })).to.deep.equal(['e2', 'e3']);
  });

  it('returns 20 events when neither a time range nor a limit is given, and all of a range', async () => {
    await seed(t, Array.from({ length: 22 }, (_, n) => ({ id: `e${n + 1}`, time: T + n + 1 })));
    const firstPage = await idsOf(t, {});
    expect(firstPage).to.have.length(20);
    expect(firstPage[0]).to.equal('e22');
    expect(firstPage[19]).to.equal('e3');
    expect(await idsOf(t, { limit: 22 })).to.have.length(22);
    expect(await idsOf(t, { fromTime: T, toTime: T + 100 })).to.have.length(22);
  });

  it('on a time range returns the marks inside it and the periods overlapping it, bounds included', async () => {
    await seed(t, [
      { id: 'mark-before', time: T - 10 },
      { id: 'mark-at-start', time: T },
      { id: 'mark-inside', time: T + 5 },
      { id: 'mark-at-end', time: T + 20 },
      { id: 'mark-after', time: T + 30 },
      { id: 'period-across-start', time: T - 120, duration: 170 },
      { id: 'period-ending-at-start', time: T - 100, duration: 100 },
      { id: 'period-ended-before', time: T - 100, duration: 50 },
      { id: 'period-after', time: T + 25, duration: 5 },
      { id: 'running-since-before', time: T - 1000, duration: null },
      { id: 'running-after', time: T + 21, duration: null },
    ]);
    expect(await idsOf(t, { fromTime: T, toTime: T + 20 })).to.deep.equal([
      'mark-at-end',
      'mark-inside',
      'mark-at-start',
      'period-ending-at-start',
      'period-across-start',
      'running-since-before',
    ]);
  });

  it('with only toTime looks one day back, with only fromTime looks up to now', async () => {
    const now = Date.now() / 1000;
    await seed(t, [
      { id: 'too-old', time: T - DAY - 1 },
      { id: 'day-start', time: T - DAY + 1 },
      { id: 'at-to', time: T },
      { id: 'after-to', time: T + 1 },
      { id: 'current' },
      { id: 'future', time: now + 3600 },
    ]);
    expect(await idsOf(t, { toTime: T })).to.deep.equal(['at-to', 'day-start']);
    expect(await idsOf(t, { fromTime: T })).to.deep.equal(['current', 'after-to', 'at-to']);
  });

  it('with tags returns the events that carry every listed tag', async () => {
    await seed(t, [
      { id: 'a', time: T + 1, tags: ['alpha'] },
      { id: 'ab', time: T + 2, tags: ['alpha', 'beta'] },
      { id: 'bc', time: T + 3, tags: ['beta', 'gamma'] },
      { id: 'none', time: T + 4 },
    ]);
    expect(await idsOf(t, { tags: ['alpha'] })).to.deep.equal(['ab', 'a']);
    expect(await idsOf(t, { tags: ['alpha', 'beta'] })).to.deep.equal(['ab']);
    expect(await idsOf(t, { tags: ['beta', 'gamma', 'alpha'] })).to.deep.equal([]);
  });

  it('with types matches class/format exactly and class/* on every format of the class', async () => {
    await seed(t, [
      { id: 'txt', time: T + 1, type: 'note/txt' },
      { id: 'html', time: T + 2, type: 'note/html' },
      { id: 'mood', time: T + 3, type: 'mood/rating' },
      { id: 'notes', time: T + 4, type: 'notes/txt' },
    ]);
    expect(await idsOf(t, { types: ['note/*'] })).to.deep.equal(['html', 'txt']);
    expect(await idsOf(t, { types: ['note/txt'] })).to.deep.equal(['txt']);
    expect(await idsOf(t, { types: ['mood/rating', 'note/html'] })).to.deep.equal(['mood', 'html']);
    expect(await idsOf(t, { types: ['mood/*', 'note/txt'] })).to.deep.equal(['mood', 'txt']);
  });

  it('with running returns only the running periods', async () => {
    await seed(t, [
      { id: 'mark', time: T + 1 },
      { id: 'done', time: T + 2, duration: 10 },
      { id: 'ongoing', time: T + 3, duration: null },
    ]);
    expect(await idsOf(t, { running: true })).to.deep.equal(['ongoing']);
    expect(await idsOf(t, { running: false })).to.deep.equal(['ongoing', 'done', 'mark']);
  });

  it('hides trashed events by default, lists only them with state=trashed and everything with state=all', async () => {
    await seed(t, [
      { id: 'kept', time: T + 1 },
      { id: 'binned', time: T + 2 },
    ]);
    expectOk(await t.caller.call('work.events.delete', { id: 'binned' }));
    expect(await idsOf(t, {})).to.deep.equal(['kept']);
    expect(await idsOf(t, { state: 'default' })).to.deep.equal(['kept']);
    expect(await idsOf(t, { state: 'trashed' })).to.deep.equal(['binned']);
    expect(await idsOf(t, { state: 'all' })).to.deep.equal(['binned', 'kept']);
  });

  it('with modifiedSince returns the events modified strictly after it, and eventDeletions only with includeDeletions', async () => {
    const [first] = await seed(t, [
      { id: 'first', time: T + 1 },
      { id: 'second', time: T + 2 },
    ]);
    const { event: touched } = expectOk(await t.caller.call('work.events.update', { id: 'first', update: { description: 'touched' } }));
    const all = expectOk(await t.caller.call('work.events.get', {})).events as StoredEvent[];
    const expected = (since: number): string[] => all.filter((e) => e.modified > since).map((e) => e.id);
    expect(await idsOf(t, { modifiedSince: first.modified - 1 })).to.deep.equal(['second', 'first']);
    expect(await idsOf(t, { modifiedSince: first.modified })).to.deep.equal(expected(first.modified));
    expect(await idsOf(t, { modifiedSince: touched.modified })).to.deep.equal([]);
    expect(expectOk(await t.caller.call('work.events.get', { modifiedSince: first.modified - 1 }))).to.not.have.property('eventDeletions');
    expect(expectOk(await t.caller.call('work.events.get', { modifiedSince: 0, includeDeletions: true })).eventDeletions).to.deep.equal([]);
  });

  it('lists deletions of this channel only', async () => {
    expectOk(await t.caller.call('channels.create', { id: 'home', name: 'Home' }));
    for (const cid of ['work', 'home']) {
      expectOk(await t.caller.call(`${cid}.events.create`, { id: `${cid}-event`, type: 'note/txt' }));
      expectOk(await t.caller.call(`${cid}.events.delete`, { id: `${cid}-event` }));
      expectOk(await t.caller.call(`${cid}.events.delete`, { id: `${cid}-event` }));
    }
    const { eventDeletions } = expectOk(await t.caller.call('work.events.get', { includeDeletions: true }));
    expect(eventDeletions.map((d: { id: string }) => d.id)).to.deep.equal(['work-event']);
  });

  it('refuses a limit above MAX_RESULTS with too-many-results naming the limit', async () => {
    const error = expectError(await t.caller.call('work.events.get', { limit: t.server.config.maxResults + 1 }), 'too-many-results', 413);
    expect(error.data).to.deep.equal({ limit: t.server.config.maxResults });
  });

  it('refuses malformed params with invalid-parameters-format', async () => {
    for (const params of [
      { limit: 0 },
      { skip: -1 },
      { limit: 2.5 },
      { types: ['note'] },
      { types: ['Note/*'] },
      { folders: [''] },
      { tags: [''] },
      { state: 'gone' },
      { fromTime: 'yesterday' },
      { running: 'yes' },
      { sort: 'time' },
    ]) {
      expectError(await t.caller.call('work.events.get', params), 'invalid-parameters-format', 400);
    }
  });
});
