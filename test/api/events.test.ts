import { expect } from 'chai';
import { describeApi } from '../helpers/describe-api';
import { expectError, expectOk } from '../helpers/accounts';

const T = 1_700_000_000;

describeApi('events', (t) => {
  beforeEach(async () => {
    expectOk(await t.caller.call('channels.create', { id: 'work', name: 'Work' }));
  });

  it('events.create stores a mark at the current time with no folder, no tags and tracking fields, and returns 201', async () => {
    const before = Date.now() / 1000;
    const { event } = expectOk(await t.caller.call('work.events.create', { type: 'note/txt', content: 'hello' }), 201);
    expect(event).to.include({ channelId: 'work', folderId: null, type: 'note/txt', content: 'hello' });
    expect(event).to.not.have.property('duration');
    expect(event.tags).to.deep.equal([]);
    expect(event.id).to.match(/^[A-Za-z0-9_-]{1,100}$/);
    expect(event.time).to.be.within(before - 1, Date.now() / 1000 + 1);
    expect(event.created).to.equal(event.modified);
    expect(event.createdBy).to.be.a('string').and.equal(event.modifiedBy);
    expect(expectOk(await t.caller.call('work.events.getOne', { id: event.id })).event).to.deep.equal(event);
  });

  it('events.create keeps content of any JSON shape, description, tags and clientData as given', async () => {
    const content = { $where: 'x', 'a.b': [1, { $gt: '' }], nested: { deep: [null, true, 2.5] } };
    const { event } = expectOk(
      await t.caller.call('work.events.create', { type: 'mood/rating', time: T, content, description: 'felt fine', tags: ['a', 'b'], clientData: { app: 1, gone: null } }),
    );
    expect(event).to.deep.include({ time: T, content, description: 'felt fine', tags: ['a', 'b'], clientData: { app: 1 } });
    for (const other of [[1, 'two'], 42, 'text', true]) {
      const { event: stored } = expectOk(await t.caller.call('work.events.create', { type: 'any/json', content: other }));
      expect(expectOk(await t.caller.call('work.events.getOne', { id: stored.id })).event.content).to.deep.equal(other);
    }
    expect(expectOk(await t.caller.call('work.events.getOne', { id: event.id })).event).to.deep.equal(event);
  });

  it('events.create keeps a client-chosen id, unique per channel, and refuses a duplicate with item-already-exists', async () => {
    expectOk(await t.caller.call('channels.create', { id: 'home', name: 'Home' }));
    expectOk(await t.caller.call('work.events.create', { id: 'ev-1', type: 'note/txt' }));
    expectOk(await t.caller.call('home.events.create', { id: 'ev-1', type: 'note/txt' }));
    const duplicate = expectError(await t.caller.call('work.events.create', { id: 'ev-1', type: 'note/txt' }), 'item-already-exists', 409);
    expect(duplicate.data).to.deep.equal({ id: 'ev-1' });
  });

  it('events.create refuses malformed ids and the ids of fixed routes (running, start, stop) with invalid-item-id', async () => {
    for (const id of ['a.b', 'has space', 'z'.repeat(101), '', 'running', 'start', 'stop']) {
      expectError(await t.caller.call('work.events.create', { id, type: 'note/txt' }), 'invalid-item-id', 400);
    }
  });

  it('events.create refuses a bad type, a negative duration and unknown params with invalid-parameters-format', async () => {
    for (const params of [
      { type: 'Note/txt' },
      { type: 'notype' },
      { type: 'note/txt', duration: -1 },
      { type: 'note/txt', tags: [''] },
      { type: 'note/txt', tags: 'a' },
      { type: 'note/txt', channelId: 'other' },
      { type: 'note/txt', created: 1 },
      {},
    ]) {
      expectError(await t.caller.call('work.events.create', params), 'invalid-parameters-format', 400);
    }
    expect(expectOk(await t.caller.call('work.events.get', { state: 'all' })).events).to.deep.equal([]);
  });

  it('events methods of an unknown channel answer unknown-resource', async () => {
    expectError(await t.caller.call('nowhere.events.get'), 'unknown-resource', 404);
    expectError(await t.caller.call('nowhere.events.create', { type: 'note/txt' }), 'unknown-resource', 404);
    expectError(await t.caller.call('nowhere.events.getOne', { id: 'x' }), 'unknown-resource', 404);
  });

  it('events.getOne, update and delete of an unknown event answer unknown-resource', async () => {
    expectError(await t.caller.call('work.events.getOne', { id: 'missing' }), 'unknown-resource', 404);
    expectError(await t.caller.call('work.events.update', { id: 'missing', update: { description: 'x' } }), 'unknown-resource', 404);
    expectError(await t.caller.call('work.events.delete', { id: 'missing' }), 'unknown-resource', 404);
  });

  it('events.update changes fields, bumps modified, merges clientData and removes a description set to null', async () => {
    const { event } = expectOk(
      await t.caller.call('work.events.create', { type: 'note/txt', time: T, description: 'old', clientData: { keep: 1, drop: 2 } }),
    );
    const { event: updated } = expectOk(
      await t.caller.call('work.events.update', {
        id: event.id,
        update: { type: 'note/html', time: T + 5, duration: 60, content: { x: 1 }, tags: ['t'], description: null, clientData: { drop: null, add: 3 } },
      }),
    );
    expect(updated).to.deep.include({ id: event.id, type: 'note/html', time: T + 5, duration: 60, content: { x: 1 }, tags: ['t'], clientData: { keep: 1, add: 3 } });
    expect(updated).to.not.have.property('description');
    expect(updated.created).to.equal(event.created);
    expect(updated.modified).to.be.at.least(event.modified);
    expect(expectOk(await t.caller.call('work.events.getOne', { id: event.id })).event).to.deep.equal(updated);
  });

  it('events.update refuses read-only fields with invalid-parameters-format', async () => {
    const { event } = expectOk(await t.caller.call('work.events.create', { type: 'note/txt' }));
    for (const update of [{ id: 'other' }, { channelId: 'home' }, { created: 1 }, { modifiedBy: 'me' }]) {
      expectError(await t.caller.call('work.events.update', { id: event.id, update }), 'invalid-parameters-format', 400);
    }
  });

  it('events.delete trashes first, then deletes for good and leaves a deletion record', async () => {
    const { event } = expectOk(await t.caller.call('work.events.create', { type: 'note/txt', time: T }));
    const { event: trashed } = expectOk(await t.caller.call('work.events.delete', { id: event.id }));
    expect(trashed).to.include({ id: event.id, trashed: true });
    expect(expectOk(await t.caller.call('work.events.getOne', { id: event.id })).event.trashed).to.equal(true);

    const { eventDeletion } = expectOk(await t.caller.call('work.events.delete', { id: event.id }));
    expect(eventDeletion.id).to.equal(event.id);
    expect(eventDeletion.deleted).to.be.a('number');
    expectError(await t.caller.call('work.events.getOne', { id: event.id }), 'unknown-resource', 404);
    expect(expectOk(await t.caller.call('work.events.get', { state: 'all' })).events).to.deep.equal([]);

    const synced = expectOk(await t.caller.call('work.events.get', { modifiedSince: event.created - 1, includeDeletions: true, state: 'all' }));
    expect(synced.eventDeletions).to.deep.equal([eventDeletion]);
    const later = expectOk(await t.caller.call('work.events.get', { modifiedSince: eventDeletion.deleted, includeDeletions: true }));
    expect(later.eventDeletions).to.deep.equal([]);
  });

  it('events.update with trashed:false restores a trashed event', async () => {
    const { event } = expectOk(await t.caller.call('work.events.create', { type: 'note/txt' }));
    expectOk(await t.caller.call('work.events.delete', { id: event.id }));
    const { event: restored } = expectOk(await t.caller.call('work.events.update', { id: event.id, update: { trashed: false } }));
    expect(restored).to.not.have.property('trashed');
    expect(expectOk(await t.caller.call('work.events.get')).events.map((e: { id: string }) => e.id)).to.deep.equal([event.id]);
  });

  it('events.create and events.start are refused with invalid-operation in a trashed channel, reading still works', async () => {
    const { event } = expectOk(await t.caller.call('work.events.create', { type: 'note/txt' }));
    expectOk(await t.caller.call('channels.delete', { id: 'work' }));
    expectError(await t.caller.call('work.events.create', { type: 'note/txt' }), 'invalid-operation', 400);
    expectError(await t.caller.call('work.events.start', { type: 'activity/plain' }), 'invalid-operation', 400);
    expect(expectOk(await t.caller.call('work.events.get')).events.map((e: { id: string }) => e.id)).to.deep.equal([event.id]);
  });

  it('the final channels.delete removes the channel events', async () => {
    expectOk(await t.caller.call('work.events.create', { id: 'gone', type: 'note/txt' }));
    expectOk(await t.caller.call('channels.delete', { id: 'work' }));
    expectOk(await t.caller.call('channels.delete', { id: 'work' }));
    expectOk(await t.caller.call('channels.create', { id: 'work', name: 'Work again' }));
    expectError(await t.caller.call('work.events.getOne', { id: 'gone' }), 'unknown-resource', 404);
  });
});
