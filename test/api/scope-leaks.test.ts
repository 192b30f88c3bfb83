import { expect } from 'chai';
import { describeApi } from '../helpers/describe-api';
import { expectError, expectOk } from '../helpers/accounts';
import { httpRequest } from '../helpers/callers';

/** Median of the durations (ms) of `runs` sequential calls of `once`. */
async function medianMs(runs: number, once: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await once();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

describeApi('what an access learns beyond its scope', (t) => {
  /** Channel beta: folder p with sub-folders q and r, one event in each of q and r. */
  async function seed(): Promise<void> {
    expectOk(await t.caller.call('channels.create', { id: 'beta', name: 'Beta' }));
    for (const [id, parentId] of [['p', null], ['q', 'p'], ['r', 'p']]) expectOk(await t.caller.call('beta.folders.create', { id, name: id!, parentId }), 201);
    for (const folderId of ['q', 'r']) expectOk(await t.caller.call('beta.events.create', { id: `e-${folderId}`, folderId, type: 'note/txt' }), 201);
  }

  it('auth.login on an unknown account answers invalid-credentials (401), as a wrong password does, after the same work', async () => {
    const login = (username: string) => httpRequest('POST', `${t.server.url}/${username}/auth/login`, { body: JSON.stringify({ username, password: 'guess', appId: 'x' }) });
    const unknown = await login('nobody-here-at-all');
    const wrong = await login(t.account.username);
    expect([unknown.status, unknown.error?.id]).to.deep.equal([401, 'invalid-credentials']);
    expect([wrong.status, wrong.error?.id]).to.deep.equal([401, 'invalid-credentials']);
    expect(unknown.error!.message).to.equal(wrong.error!.message);
    // Not a timed assertion: a password hash takes tens of ms, a missing one would make it ~10 times faster.
    const unknownMs = await medianMs(3, () => login('nobody-here-either'));
    const wrongMs = await medianMs(3, () => login(t.account.username));
    expect(unknownMs, `unknown ${unknownMs} ms, wrong password ${wrongMs} ms`).to.be.above(wrongMs / 3);
  });

  it('the final delete of a folder is forbidden when the caller may only read one of its sub-folders, and nothing is removed', async () => {
    await seed();
    const { caller: manager } = await t.grant([
      { channelId: 'beta', folderId: 'p', level: 'manage' },
      { channelId: 'beta', folderId: 'q', level: 'read' },
    ]);
    expectOk(await manager.call('beta.folders.delete', { id: 'p' }));
    expectError(await manager.call('beta.folders.delete', { id: 'p', mergeEventsWithParent: false }), 'forbidden', 403);
    expectError(await manager.call('beta.folders.delete', { id: 'p', mergeEventsWithParent: true }), 'forbidden', 403);
    const { events } = expectOk(await t.caller.call('beta.events.get', { state: 'all' }));
    expect(events.map((e: { id: string }) => e.id).sort()).to.deep.equal(['e-q', 'e-r']);
    const { folders } = expectOk(await t.caller.call('beta.folders.get', { state: 'all' }));
    expect(folders.map((f: { id: string }) => f.id)).to.deep.equal(['p']);
  });

  it('changes.get names to the reader of one sub-folder no id of the other sub-folders of a deleted parent', async () => {
    await seed();
    const { caller: reader } = await t.grant([{ channelId: 'beta', folderId: 'q', level: 'read' }]);
    const before = expectOk(await reader.call('changes.get')).lastSeq;
    expectOk(await t.caller.call('beta.folders.delete', { id: 'p' }));
    expectOk(await t.caller.call('beta.folders.delete', { id: 'p', mergeEventsWithParent: false }));
    const { changes } = expectOk(await reader.call('changes.get', { since: before }));
    const named = changes.flatMap((c: { ids?: string[] }) => c.ids ?? []);
    expect(named.filter((id: string) => ['r', 'e-r'].includes(id)), JSON.stringify(changes)).to.deep.equal([]);
    // The reader still hears that its folder and its event went.
    expect(changes.map((c: { kind: string; action: string }) => `${c.kind}:${c.action}`)).to.include.members(['folders:deleted', 'events:deleted']);
    // The owner, who reads everything, still gets every id.
    const all = expectOk(await t.caller.call('changes.get', { since: before })).changes;
    expect(all.flatMap((c: { ids?: string[] }) => c.ids ?? [])).to.include.members(['p', 'q', 'r', 'e-q', 'e-r']);
  });
});
