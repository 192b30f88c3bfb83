import { expect } from 'chai';
import { describeApi, ApiContext } from '../helpers/describe-api';
import { expectError, expectOk } from '../helpers/accounts';

const T = 1_700_000_000;

describeApi('events through shared accesses', (t) => {
  const sharedCaller = async (permissions: object[]) => (await t.grant(permissions)).caller;

  /** Channel work with folders sport and diet, an event in each, one in no folder, and a deleted one in sport. */
  async function seed(context: ApiContext): Promise<void> {
    const ok = async (method: string, params: object): Promise<void> => void expectOk(await context.caller.call(method, params));
    await ok('channels.create', { id: 'work', name: 'Work' });
    await ok('work.folders.create', { id: 'sport', name: 'Sport' });
    await ok('work.folders.create', { id: 'diet', name: 'Diet' });
    for (const [n, folderId] of [[1, 'sport'], [2, 'diet'], [3, null]] as const) {
      await ok('work.events.create', { id: `in-${folderId ?? 'none'}`, folderId, type: 'note/txt', time: T + n });
    }
    await ok('work.events.create', { id: 'gone', folderId: 'sport', type: 'note/txt', time: T });
    await ok('work.events.delete', { id: 'gone' });
    await ok('work.events.delete', { id: 'gone' });
    await ok('work.events.create', { id: 'gone-diet', folderId: 'diet', type: 'note/txt', time: T });
    await ok('work.events.delete', { id: 'gone-diet' });
    await ok('work.events.delete', { id: 'gone-diet' });
  }

  it('a read-only access lists and reads events but may not record, change, stop or delete them (forbidden)', async () => {
    await seed(t);
    expectOk(await t.caller.call('work.events.start', { id: 'ongoing', type: 'activity/plain', time: T + 10 }));
    const reader = await sharedCaller([{ channelId: 'work', level: 'read' }]);
    const { events, eventDeletions } = expectOk(await reader.call('work.events.get', { includeDeletions: true }));
    expect(events.map((event: { id: string }) => event.id)).to.deep.equal(['ongoing', 'in-none', 'in-diet', 'in-sport']);
    expect(eventDeletions.map((deletion: { id: string }) => deletion.id).sort()).to.deep.equal(['gone', 'gone-diet']);
    expectError(await reader.call('work.events.create', { type: 'note/txt' }), 'forbidden', 403);
    expectError(await reader.call('work.events.start', { type: 'activity/plain' }), 'forbidden', 403);
    expectError(await reader.call('work.events.update', { id: 'in-none', update: { description: 'x' } }), 'forbidden', 403);
    expectError(await reader.call('work.events.stop', { id: 'ongoing' }), 'forbidden', 403);
    expectError(await reader.call('work.events.delete', { id: 'in-none' }), 'forbidden', 403);
  });

  it('a folder-scoped access sees only its folder and its deletion records, and cannot move events out of reach', async () => {
    await seed(t);
    const sportOnly = await sharedCaller([{ channelId: 'work', folderId: 'sport', level: 'contribute' }]);
    const { events, eventDeletions } = expectOk(await sportOnly.call('work.events.get', { includeDeletions: true, folders: ['sport', null] }));
    expect(events.map((event: { id: string }) => event.id)).to.deep.equal(['in-sport']);
    expect(eventDeletions.map((deletion: { id: string }) => deletion.id)).to.deep.equal(['gone']);
    expectError(await sportOnly.call('work.events.getOne', { id: 'in-diet' }), 'unknown-resource', 404);
    expectError(await sportOnly.call('work.events.update', { id: 'in-sport', update: { folderId: 'diet' } }), 'unknown-referenced-resource', 400);
    expectError(await sportOnly.call('work.events.update', { id: 'in-sport', update: { folderId: null } }), 'forbidden', 403);
    expectOk(await sportOnly.call('work.events.update', { id: 'in-sport', update: { description: 'mine' } }));
  });
});
