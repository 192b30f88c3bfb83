/** The store contract for events: every events.page filter, latestRunning, overlapping, counts and removal. */
import { expect } from 'chai';
import type { Event } from '../../src/model/items';
import type { EventsPageQuery } from '../../src/storage/store';
import { describeStore } from './store-fixture';
import { changeOf, eventOf, trickyJson } from './item-builders';

// c1: a mark at 100, a period 50..150 (starts before the 120..200 range and reaches into it), a period
// 10..60 (ends before it), a running period from 30, a trashed mark at 130, marks in folders at 160 and 300.
const EVENTS: Event[] = [
  eventOf('c1', 'mark100', { time: 100, tags: ['a', 'b'], type: 'note/txt' }),
  eventOf('c1', 'period50', { time: 50, duration: 100, type: 'activity/run', tags: ['a'] }),
  eventOf('c1', 'period10', { time: 10, duration: 50, type: 'activity/walk' }),
  eventOf('c1', 'running30', { time: 30, duration: null, type: 'activity/sleep', modified: 2000 }),
  eventOf('c1', 'trashed130', { time: 130, trashed: true, tags: ['a', 'b'] }),
  eventOf('c1', 'inF1at160', { time: 160, folderId: 'f1', type: 'mass/kg', tags: ['b'], content: trickyJson, description: 'weighed' }),
  eventOf('c1', 'inF2at300', { time: 300, folderId: 'f2', type: 'mass/lb', modified: 3000 }),
  eventOf('c2', 'otherChannel', { time: 120 }),
];

const ids = (events: Event[]) => events.map((event) => event.id);

describeStore('store events', (context) => {
  const page = (query: Partial<EventsPageQuery>) =>
    context.store.events.page('u', { channelId: 'c1', places: '*', state: 'default', ascending: false, limit: 100, ...query });

  beforeEach(async () => {
    for (const event of EVENTS) await context.store.events.create('u', event, changeOf('events', [event.id], { channelId: event.channelId }));
  });

  it('events.get returns the event exactly as given, content and unicode included', async () => {
    expect(await context.store.events.get('u', 'c1', 'inF1at160')).to.deep.equal(EVENTS[5]);
    expect(await context.store.events.get('u', 'c2', 'inF1at160')).to.equal(null);
  });

  it('events.create with a taken id conflicts naming the id and records no change', async () => {
    const latest = await context.store.changes.latestSeq('u');
    const error = await context.store.events.create('u', eventOf('c1', 'mark100'), changeOf('events', ['mark100'])).catch((e: unknown) => e);
    expect(error).to.deep.include({ id: 'item-already-exists', data: { id: 'mark100' } });
    await context.expectLatestSeqAfterFailures('u', latest);
    expect(await context.store.events.get('u', 'c1', 'mark100')).to.deep.equal(EVENTS[0]);
  });

  it('events.page sorts newest first, or ascending, and hides trashed events by default', async () => {
    expect(ids(await page({}))).to.deep.equal(['inF2at300', 'inF1at160', 'mark100', 'period50', 'running30', 'period10']);
    expect(ids(await page({ ascending: true }))).to.deep.equal(['period10', 'running30', 'period50', 'mark100', 'inF1at160', 'inF2at300']);
  });

  it('events.page states: trashed only, or all', async () => {
    expect(ids(await page({ state: 'trashed' }))).to.deep.equal(['trashed130']);
    expect(ids(await page({ state: 'all' }))).to.deep.equal(['inF2at300', 'inF1at160', 'trashed130', 'mark100', 'period50', 'running30', 'period10']);
  });

  it('events.page time range includes periods started before it that reach into it, and running ones', async () => {
    expect(ids(await page({ range: { from: 120, to: 200 } }))).to.deep.equal(['inF1at160', 'period50', 'running30']);
    expect(ids(await page({ range: { from: 120, to: 200 }, ascending: true }))).to.deep.equal(['running30', 'period50', 'inF1at160']);
    // Bounds are inclusive: a period ending at `from` and a mark at `to` count.
    expect(ids(await page({ range: { from: 150, to: 160 } }))).to.deep.equal(['inF1at160', 'period50', 'running30']);
    expect(ids(await page({ range: { from: 0, to: 5 } }))).to.deep.equal([]);
  });

  it('events.page places: folders, and null for no folder', async () => {
    expect(ids(await page({ places: ['f1'] }))).to.deep.equal(['inF1at160']);
    expect(ids(await page({ places: [null] }))).to.deep.equal(['mark100', 'period50', 'running30', 'period10']);
    expect(ids(await page({ places: ['f2', null], range: { from: 120, to: 1000 } }))).to.deep.equal(['inF2at300', 'period50', 'running30']);
    expect(ids(await page({ places: [] }))).to.deep.equal([]);
  });

  it('events.page tags require every one of them', async () => {
    expect(ids(await page({ tags: ['a'] }))).to.deep.equal(['mark100', 'period50']);
    expect(ids(await page({ tags: ['a', 'b'] }))).to.deep.equal(['mark100']);
    expect(ids(await page({ tags: ['a', 'b'], state: 'all' }))).to.deep.equal(['trashed130', 'mark100']);
    expect(ids(await page({ tags: ['b', 'b'] }))).to.deep.equal(['inF1at160', 'mark100']);
    expect(ids(await page({ tags: ['zzz'] }))).to.deep.equal([]);
  });

  it('events.page types: exact types and class/*', async () => {
    expect(ids(await page({ types: ['mass/kg'] }))).to.deep.equal(['inF1at160']);
    expect(ids(await page({ types: ['activity/*'] }))).to.deep.equal(['period50', 'running30', 'period10']);
    expect(ids(await page({ types: ['activity/*', 'note/txt'] }))).to.deep.equal(['mark100', 'period50', 'running30', 'period10']);
  });

  it('events.page running and modifiedSince', async () => {
    expect(ids(await page({ running: true }))).to.deep.equal(['running30']);
    expect(ids(await page({ modifiedSince: 2000 }))).to.deep.equal(['inF2at300']);
    expect(ids(await page({ modifiedSince: 1999 }))).to.deep.equal(['inF2at300', 'running30']);
  });

  it('events.page skip and limit', async () => {
    expect(ids(await page({ skip: 1, limit: 2 }))).to.deep.equal(['inF1at160', 'mark100']);
    expect(ids(await page({ skip: 1, limit: 2, range: { from: 120, to: 200 } }))).to.deep.equal(['period50', 'running30']);
    expect(ids(await page({ skip: 10 }))).to.deep.equal([]);
  });

  it('latestRunning finds the newest non-trashed running period in the places, started by a time when given', async () => {
    const { events } = context.store;
    await events.create('u', eventOf('c1', 'running80', { time: 80, duration: null, folderId: 'f1' }), changeOf('events', ['running80']));
    await events.create('u', eventOf('c1', 'running90', { time: 90, duration: null, trashed: true }), changeOf('events', ['running90']));
    expect((await events.latestRunning('u', { channelId: 'c1', places: '*' }))?.id).to.equal('running80');
    expect((await events.latestRunning('u', { channelId: 'c1', places: [null] }))?.id).to.equal('running30');
    expect((await events.latestRunning('u', { channelId: 'c1', places: '*', startedBy: 79 }))?.id).to.equal('running30');
    expect(await events.latestRunning('u', { channelId: 'c1', places: '*', startedBy: 29 })).to.equal(null);
    expect(await events.latestRunning('u', { channelId: 'c1', places: ['f2'] })).to.equal(null);
  });

  it('overlapping: touching periods do not, running periods reach to infinity, trashed ones and marks are left out', async () => {
    const { events } = context.store;
    await events.create('u', eventOf('c1', 'trashedPeriod', { time: 0, duration: 1000, trashed: true }), changeOf('events', ['trashedPeriod']));
    const overlapping = (from: number, to: number, excludeIds: string[] = []) => events.overlapping('u', { channelId: 'c1', from, to, excludeIds, limit: 10 }).then((found) => ids(found).sort());
    expect(await overlapping(150, 160)).to.deep.equal(['running30']);
    expect(await overlapping(0, 10)).to.deep.equal([]);
    expect(await overlapping(0, 11)).to.deep.equal(['period10']);
    expect(await overlapping(55, 56)).to.deep.equal(['period10', 'period50', 'running30']);
    expect(await overlapping(55, 56, ['running30', 'period10'])).to.deep.equal(['period50']);
    expect(await overlapping(1000, Infinity)).to.deep.equal(['running30']);
    expect(await overlapping(0, 30)).to.deep.equal(['period10']);
  });

  it('countInFolders counts events of every state in the folders', async () => {
    await context.store.events.create('u', eventOf('c1', 'trashedInF1', { folderId: 'f1', trashed: true }), changeOf('events', ['trashedInF1']));
    expect(await context.store.events.countInFolders('u', 'c1', ['f1', 'f2'])).to.equal(3);
    expect(await context.store.events.countInFolders('u', 'c1', [])).to.equal(0);
  });

  it('events.replace keeps the indexed fields in step: moved, retagged, stopped and trashed events are found where they now are', async () => {
    const { events } = context.store;
    const previous = EVENTS[3];
    const { modified: _modified, ...rest } = previous;
    const next: Event = { ...rest, modified: 2500, duration: 500, tags: ['new'], folderId: 'f2', type: 'mass/g' };
    const written = await events.replace('u', previous, next, changeOf('events', ['running30'], { action: 'updated' }));
    expect(written!.item).to.deep.equal(next);
    expect(ids(await page({ running: true }))).to.deep.equal([]);
    expect(ids(await page({ tags: ['new'], places: ['f2'], types: ['mass/*'], range: { from: 400, to: 500 } }))).to.deep.equal(['running30']);
    const trashed = await events.replace('u', next, { ...next, trashed: true }, changeOf('events', ['running30']));
    expect(trashed!.item.trashed).to.equal(true);
    expect(ids(await page({ state: 'trashed' }))).to.deep.equal(['trashed130', 'running30']);
    const { description: _description, ...withoutDescription } = EVENTS[5];
    expect((await events.replace('u', EVENTS[5], withoutDescription, changeOf('events', ['inF1at160'])))!.item).to.deep.equal(withoutDescription);
    expect(await events.get('u', 'c1', 'inF1at160')).to.deep.equal(withoutDescription);
  });

  it('events.remove deletes the event and leaves a deletion record with where it was', async () => {
    const { events, deletions } = context.store;
    const change = await events.remove('u', EVENTS[5], 4000, ['f1', 'root'], changeOf('events', ['inF1at160'], { action: 'deleted', channelId: 'c1' }));
    expect(change).to.include({ action: 'deleted' });
    expect(await events.get('u', 'c1', 'inF1at160')).to.equal(null);
    expect(ids(await page({ tags: ['b'] }))).to.deep.equal(['mark100']);
    expect(await events.remove('u', EVENTS[5], 4001, ['f1'], changeOf('events', ['inF1at160']))).to.equal(null);
    expect(await deletions.since('u', 'events', 0, 'c1')).to.deep.equal([{ id: 'inF1at160', deleted: 4000, channelId: 'c1', folderIds: ['f1', 'root'] }]);
    expect(await deletions.since('u', 'events', 0, 'c2')).to.deep.equal([]);
  });

  it('events.page by tag follows a change of an event\'s time or tags', async () => {
    const { events } = context.store;
    const mark = (await events.get('u', 'c1', 'mark100'))!;
    await events.replace('u', mark, { ...mark, time: 400 }, changeOf('events', ['mark100']));
    expect(ids(await page({ tags: ['a'] }))).to.deep.equal(['mark100', 'period50']);
    expect(ids(await page({ tags: ['a'], range: { from: 0, to: 200 } }))).to.deep.equal(['period50']);
    const period = (await events.get('u', 'c1', 'period50'))!;
    await events.replace('u', period, { ...period, tags: ['c'] }, changeOf('events', ['period50']));
    expect(ids(await page({ tags: ['a'] }))).to.deep.equal(['mark100']);
    expect(ids(await page({ tags: ['c'] }))).to.deep.equal(['period50']);
  });

  it('events.page with a modifiedSince that most events match returns the same pages (SQLite then walks by time)', async function () {
    if (context.backend === 'mongodb') this.skip();
    const { events } = context.store;
    for (let i = 0; i < 2100; i++) await events.create('u', eventOf('c3', `m${i}`, { time: 5000 - i, modified: 1000 + i }), changeOf('events', [`m${i}`]));
    const newest = await context.store.events.page('u', { channelId: 'c3', places: '*', state: 'default', ascending: false, limit: 3, skip: 1, modifiedSince: 0 });
    expect(ids(newest)).to.deep.equal(['m1', 'm2', 'm3']);
    const oldest = await context.store.events.page('u', { channelId: 'c3', places: '*', state: 'default', ascending: true, limit: 2, modifiedSince: 1000 + 2097 });
    expect(ids(oldest)).to.deep.equal(['m2099', 'm2098']);
  });
});
