import { expect } from 'chai';
import { describeApi } from '../helpers/describe-api';
import { expectError, expectOk } from '../helpers/accounts';

describeApi('channels', (t) => {
  it('channels.create stores a channel with tracking fields and returns 201', async () => {
    const { channel } = expectOk(await t.caller.call('channels.create', { name: 'Work' }), 201);
    expect(channel).to.include({ name: 'Work', enforceNoEventsOverlap: false });
    expect(channel.id).to.match(/^[A-Za-z0-9_-]{1,100}$/);
    expect(channel.created).to.be.a('number').and.equal(channel.modified);
    expect(channel.createdBy).to.be.a('string').and.equal(channel.modifiedBy);
    const { channels } = expectOk(await t.caller.call('channels.get'));
    expect(channels).to.deep.equal([channel]);
  });

  it('channels.create keeps a client-chosen id and refuses a duplicate id or name with item-already-exists', async () => {
    expectOk(await t.caller.call('channels.create', { id: 'diary', name: 'Diary' }));
    const sameId = expectError(await t.caller.call('channels.create', { id: 'diary', name: 'Other' }), 'item-already-exists', 409);
    expect(sameId.data).to.deep.equal({ id: 'diary' });
    const sameName = expectError(await t.caller.call('channels.create', { name: 'Diary' }), 'item-already-exists', 409);
    expect(sameName.data).to.deep.equal({ name: 'Diary' });
  });

  it('channels.create refuses malformed and reserved ids with invalid-item-id', async () => {
    for (const id of ['a.b', 'has space', 'x'.repeat(99) + '!', 'y'.repeat(101), '', 'accesses', 'socket.io', 'changes']) {
      expectError(await t.caller.call('channels.create', { id, name: `n-${Math.random()}` }), 'invalid-item-id', 400);
    }
  });

  it('channels.get lists channels sorted by name', async () => {
    for (const name of ['Beta', 'alpha', 'Gamma']) expectOk(await t.caller.call('channels.create', { name }));
    const { channels } = expectOk(await t.caller.call('channels.get'));
    expect(channels.map((c: { name: string }) => c.name)).to.deep.equal(['Beta', 'Gamma', 'alpha']);
  });

  it('channels.update changes fields, bumps modified and merges clientData key by key', async () => {
    const { channel } = expectOk(await t.caller.call('channels.create', { name: 'Health', clientData: { color: 'red', size: 2 } }));
    const { channel: updated } = expectOk(
      await t.caller.call('channels.update', { id: channel.id, update: { name: 'Fitness', enforceNoEventsOverlap: true, clientData: { color: null, icon: 'heart' } } }),
    );
    expect(updated).to.include({ id: channel.id, name: 'Fitness', enforceNoEventsOverlap: true });
    expect(updated.clientData).to.deep.equal({ size: 2, icon: 'heart' });
    expect(updated.modified).to.be.at.least(channel.modified);
    expect(updated.created).to.equal(channel.created);
  });

  it('channels.update refuses a name taken by another channel and leaves both unchanged', async () => {
    expectOk(await t.caller.call('channels.create', { id: 'one', name: 'One' }));
    expectOk(await t.caller.call('channels.create', { id: 'two', name: 'Two' }));
    expectError(await t.caller.call('channels.update', { id: 'two', update: { name: 'One' } }), 'item-already-exists', 409);
    const { channels } = expectOk(await t.caller.call('channels.get'));
    expect(channels.map((c: { id: string; name: string }) => `${c.id}:${c.name}`)).to.deep.equal(['one:One', 'two:Two']);
  });

  it('channels.update and channels.delete of an unknown id answer unknown-resource', async () => {
    expectError(await t.caller.call('channels.update', { id: 'nope', update: { name: 'x' } }), 'unknown-resource', 404);
    expectError(await t.caller.call('channels.delete', { id: 'nope' }), 'unknown-resource', 404);
  });

  it('channels.delete trashes first, then deletes for good and leaves a deletion record', async () => {
    const { channel } = expectOk(await t.caller.call('channels.create', { name: 'Temp' }));
    const { channel: trashed } = expectOk(await t.caller.call('channels.delete', { id: channel.id }));
    expect(trashed).to.include({ id: channel.id, trashed: true });

    expect(expectOk(await t.caller.call('channels.get')).channels).to.deep.equal([]);
    expect(expectOk(await t.caller.call('channels.get', { state: 'trashed' })).channels.map((c: { id: string }) => c.id)).to.deep.equal([channel.id]);
    expect(expectOk(await t.caller.call('channels.get', { state: 'all' })).channels).to.have.length(1);

    const { channelDeletion } = expectOk(await t.caller.call('channels.delete', { id: channel.id }));
    expect(channelDeletion.id).to.equal(channel.id);
    expect(channelDeletion.deleted).to.be.a('number');
    expect(expectOk(await t.caller.call('channels.get', { state: 'all' })).channels).to.deep.equal([]);

    const since = expectOk(await t.caller.call('channels.get', { includeDeletionsSince: channel.created - 1 }));
    expect(since.channelDeletions).to.deep.equal([channelDeletion]);
    const later = expectOk(await t.caller.call('channels.get', { includeDeletionsSince: channelDeletion.deleted }));
    expect(later.channelDeletions).to.deep.equal([]);
  });

  it('channels.update with trashed:false restores a trashed channel', async () => {
    const { channel } = expectOk(await t.caller.call('channels.create', { name: 'Restore me' }));
    expectOk(await t.caller.call('channels.delete', { id: channel.id }));
    const { channel: restored } = expectOk(await t.caller.call('channels.update', { id: channel.id, update: { trashed: false } }));
    expect(restored).to.not.have.property('trashed');
    expect(expectOk(await t.caller.call('channels.get')).channels).to.have.length(1);
  });

  it('stores clientData keys that look like operators or paths as plain data', async () => {
    const clientData = { $where: 'sleep(1000)', 'a.b': { $gt: '' }, '%2E': 'literal', nested: [{ $set: 1 }] };
    const { channel } = expectOk(await t.caller.call('channels.create', { name: 'Odd keys', clientData }));
    expect(channel.clientData).to.deep.equal(clientData);
    const { channels } = expectOk(await t.caller.call('channels.get'));
    expect(channels[0].clientData).to.deep.equal(clientData);
  });

  it('refuses params of the wrong type or unknown params with invalid-parameters-format naming the path', async () => {
    const wrongType = expectError(await t.caller.call('channels.create', { name: 42 }), 'invalid-parameters-format', 400);
    expect(wrongType.data).to.deep.equal([{ path: '/name', message: 'must be string' }]);
    expectError(await t.caller.call('channels.create', { name: 'x', owner: 'me' }), 'invalid-parameters-format', 400);
    expectError(await t.caller.call('channels.create', { name: { $gt: '' } }), 'invalid-parameters-format', 400);
    expectError(await t.caller.call('channels.get', { state: 'everything' }), 'invalid-parameters-format', 400);
    expectError(await t.caller.call('channels.update', { id: 'x', update: { created: 1 } }), 'invalid-parameters-format', 400);
    expect(expectOk(await t.caller.call('channels.get', { state: 'all' })).channels).to.deep.equal([]);
  });
});
