import { expect } from 'chai';
import { describeApi, ApiContext } from '../helpers/describe-api';
import { expectError, expectOk } from '../helpers/accounts';

const T = 1_700_000_000;

async function idsOf(t: ApiContext, params: Record<string, unknown>): Promise<string[]> {
  return expectOk(await t.caller.call('work.events.get', params)).events.map((event: { id: string }) => event.id);
}

describeApi('events in folders', (t) => {
  /** Channel work with folders sport (child run) and diet; one event in each and one in no folder. */
  beforeEach(async () => {
    const ok = async (method: string, params: object): Promise<void> => void expectOk(await t.caller.call(method, params));
    await ok('channels.create', { id: 'work', name: 'Work' });
    await ok('work.folders.create', { id: 'sport', name: 'Sport' });
    await ok('work.folders.create', { id: 'run', name: 'Run', parentId: 'sport' });
    await ok('work.folders.create', { id: 'diet', name: 'Diet' });
    for (const [n, folderId] of [[1, 'sport'], [2, 'run'], [3, 'diet'], [4, null]] as const) {
      await ok('work.events.create', { id: `in-${folderId ?? 'none'}`, folderId, type: 'note/txt', time: T + n });
    }
  });

  it('events.get with folders includes their sub-folders, and null means the events with no folder', async () => {
    expect(await idsOf(t, { folders: ['sport'] })).to.deep.equal(['in-run', 'in-sport']);
    expect(await idsOf(t, { folders: ['run'] })).to.deep.equal(['in-run']);
    expect(await idsOf(t, { folders: [null] })).to.deep.equal(['in-none']);
    expect(await idsOf(t, { folders: ['diet', null] })).to.deep.equal(['in-none', 'in-diet']);
    expect(await idsOf(t, {})).to.deep.equal(['in-none', 'in-diet', 'in-run', 'in-sport']);
  });

  it('events.get with an unknown folder answers unknown-referenced-resource naming it', async () => {
    const error = expectError(await t.caller.call('work.events.get', { folders: ['sport', 'nowhere'] }), 'unknown-referenced-resource', 400);
    expect(error.data).to.deep.equal({ folderId: 'nowhere' });
  });

  it('events.create into an unknown folder answers unknown-referenced-resource naming it', async () => {
    const error = expectError(await t.caller.call('work.events.create', { folderId: 'nowhere', type: 'note/txt' }), 'unknown-referenced-resource', 400);
    expect(error.data).to.deep.equal({ folderId: 'nowhere' });
    expectError(await t.caller.call('work.events.update', { id: 'in-none', update: { folderId: 'nowhere' } }), 'unknown-referenced-resource', 400);
  });

  it('events.update moves an event to another folder or out of every folder', async () => {
    const { event } = expectOk(await t.caller.call('work.events.update', { id: 'in-none', update: { folderId: 'run' } }));
    expect(event.folderId).to.equal('run');
    expect(await idsOf(t, { folders: ['sport'] })).to.deep.equal(['in-none', 'in-run', 'in-sport']);
    expect(expectOk(await t.caller.call('work.events.update', { id: 'in-none', update: { folderId: null } })).event.folderId).to.equal(null);
    expect(await idsOf(t, { folders: [null] })).to.deep.equal(['in-none']);
  });

  it('refuses to record into a trashed folder or below it with invalid-operation, and to move an event there', async () => {
    expectOk(await t.caller.call('work.folders.delete', { id: 'sport' }));
    for (const folderId of ['sport', 'run']) {
      expectError(await t.caller.call('work.events.create', { folderId, type: 'note/txt' }), 'invalid-operation', 400);
      expectError(await t.caller.call('work.events.start', { folderId, type: 'activity/plain' }), 'invalid-operation', 400);
      expectError(await t.caller.call('work.events.update', { id: 'in-diet', update: { folderId } }), 'invalid-operation', 400);
    }
    expect(expectOk(await t.caller.call('work.events.getOne', { id: 'in-diet' })).event.folderId).to.equal('diet');
    expectOk(await t.caller.call('work.events.update', { id: 'in-run', update: { folderId: 'diet' } }));
  });
});
