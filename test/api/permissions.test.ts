import { expect } from 'chai';
import { describeApi } from '../helpers/describe-api';
import { connectSocket, expectError, expectOk, nextEvent } from '../helpers/accounts';
import { Caller, httpCaller } from '../helpers/callers';

type Level = 'read' | 'contribute' | 'manage';
const LEVELS: Level[] = ['read', 'contribute', 'manage'];

/** Where a permission points, for the level matrix: all channels, one channel, one folder subtree. */
const SCOPES = [
  { name: "'*'", target: { channelId: '*' }, channels: ['home', 'work'] },
  { name: 'channel work', target: { channelId: 'work' }, channels: ['work'] },
  { name: 'folder f of channel work', target: { channelId: 'work', folderId: 'f' }, channels: ['work'] },
] as const;

/** Two channels, `work` with folders f (child fc) and g, and `home`. */
async function seed(personal: Caller): Promise<void> {
  expectOk(await personal.call('channels.create', { id: 'work', name: 'Work' }));
  expectOk(await personal.call('channels.create', { id: 'home', name: 'Home' }));
  expectOk(await personal.call('work.folders.create', { id: 'f', name: 'F' }));
  expectOk(await personal.call('work.folders.create', { id: 'fc', name: 'FC', parentId: 'f' }));
  expectOk(await personal.call('work.folders.create', { id: 'g', name: 'G' }));
}

const ids = (items: { id: string }[]): string[] => items.map((item) => item.id).sort();

describeApi('permissions on channels, accesses and access info', (t) => {
  const grant = t.grant.bind(t);

  for (const scope of SCOPES) {
    for (const level of LEVELS) {
      const wholeChannelManager = level === 'manage' && !('folderId' in scope.target);
      describe(`a shared access with ${level} on ${scope.name}`, () => {
        it(`lists only channels ${scope.channels.join(', ')} and describes itself in getAccessInfo`, async () => {
          await seed(t.caller);
          const { access, caller } = await grant([{ ...scope.target, level }]);
          expect(ids(expectOk(await caller.call('channels.get')).channels)).to.deep.equal([...scope.channels]);
          const info = expectOk(await caller.call('getAccessInfo'));
          expect(info.access).to.deep.equal({ id: access.id, name: access.name, type: 'shared', permissions: [{ ...scope.target, level }] });
        });

        it(`${wholeChannelManager ? 'may' : 'may not'} update or trash channel work, and cannot create channels`, async () => {
          await seed(t.caller);
          const { caller } = await grant([{ ...scope.target, level }]);
          const update = await caller.call('channels.update', { id: 'work', update: { name: 'Job' } });
          const trash = await caller.call('channels.delete', { id: 'work' });
          if (wholeChannelManager) {
            expect(expectOk(update).channel.name).to.equal('Job');
            expect(expectOk(trash).channel.trashed).to.equal(true);
          } else {
            expectError(update, 'forbidden', 403);
            expectError(trash, 'forbidden', 403);
            expect(expectOk(await t.caller.call('channels.get')).channels.find((c: { id: string }) => c.id === 'work').name).to.equal('Work');
          }
          expectError(await caller.call('channels.create', { name: 'Mine' }), 'forbidden', 403);
        });

        const homeAnswer = scope.target.channelId !== '*' ? 'answers unknown-resource (invisible)' : level === 'manage' ? 'succeeds' : 'is forbidden';
        it(`channels.update of channel home ${homeAnswer}`, async () => {
          await seed(t.caller);
          const { caller } = await grant([{ ...scope.target, level }]);
          const outcome = await caller.call('channels.update', { id: 'home', update: { name: 'House' } });
          if (scope.target.channelId !== '*') expectError(outcome, 'unknown-resource', 404);
          else if (level === 'manage') expect(expectOk(outcome).channel.name).to.equal('House');
          else expectError(outcome, 'forbidden', 403);
        });

        it('manages no accesses: lists none, creates none, changes or deletes none', async () => {
          await seed(t.caller);
          const { access: sibling } = await grant([{ channelId: 'work', level: 'read' }]);
          const { caller } = await grant([{ ...scope.target, level }]);
          expect(expectOk(await caller.call('accesses.get')).accesses).to.deep.equal([]);
          expectError(await caller.call('accesses.create', { name: 'x', permissions: [{ ...scope.target, level: 'read' }] }), 'forbidden', 403);
          expectError(await caller.call('accesses.create', { name: 'x', permissions: [] }), 'forbidden', 403);
          expectError(await caller.call('accesses.update', { id: sibling.id, update: { name: 'mine' } }), 'forbidden', 403);
          expectError(await caller.call('accesses.delete', { id: sibling.id }), 'forbidden', 403);
          expectError(await caller.call('accesses.delete', { id: 'nope' }), 'forbidden', 403);
          expect(expectOk(await t.caller.call('accesses.get')).accesses.map((a: { id: string }) => a.id)).to.include(sibling.id);
        });
      });
    }
  }

  for (const level of LEVELS) {
    it(`an app access with ${level} on '*' creates shared accesses at ${level} or below, and none above (forbidden)`, async () => {
      await seed(t.caller);
      const { access: app, caller } = await grant([{ channelId: '*', level }], 'app');
      for (const allowed of LEVELS.slice(0, LEVELS.indexOf(level) + 1)) {
        const { access } = expectOk(await caller.call('accesses.create', { name: `at ${allowed}`, permissions: [{ channelId: '*', level: allowed }] }), 201);
        expect(access).to.include({ type: 'shared', createdBy: app.id });
      }
      for (const above of LEVELS.slice(LEVELS.indexOf(level) + 1)) {
        const refused = expectError(await caller.call('accesses.create', { name: `at ${above}`, permissions: [{ channelId: 'work', level: above }] }), 'forbidden', 403);
        expect(refused.data).to.deep.equal({ channelId: 'work', level: above });
      }
      expect(expectOk(await caller.call('accesses.get')).accesses).to.have.length(LEVELS.indexOf(level) + 1);
    });
  }

  it('an app access cannot create channels, app accesses or personal accesses (forbidden)', async () => {
    const { caller } = await grant([{ channelId: '*', level: 'manage' }], 'app');
    expectError(await caller.call('channels.create', { name: 'Mine' }), 'forbidden', 403);
    expectError(await caller.call('accesses.create', { name: 'x', type: 'app', permissions: [] }), 'forbidden', 403);
    expectError(await caller.call('accesses.create', { name: 'x', type: 'personal', permissions: [] }), 'forbidden', 403);
    expect(expectOk(await t.caller.call('channels.get')).channels).to.deep.equal([]);
  });

  it('an app access on one channel may share that channel or a folder in it, but not "*" (forbidden) nor a channel it cannot see (unknown-referenced-resource)', async () => {
    await seed(t.caller);
    const { caller } = await grant([{ channelId: 'work', level: 'contribute' }], 'app');
    expectOk(await caller.call('accesses.create', { name: 'channel', permissions: [{ channelId: 'work', level: 'contribute' }] }));
    expectOk(await caller.call('accesses.create', { name: 'folder', permissions: [{ channelId: 'work', folderId: 'fc', level: 'read' }] }));
    expectError(await caller.call('accesses.create', { name: 'all', permissions: [{ channelId: '*', level: 'read' }] }), 'forbidden', 403);
    const hidden = expectError(await caller.call('accesses.create', { name: 'home', permissions: [{ channelId: 'home', level: 'read' }] }), 'unknown-referenced-resource', 400);
    expect(hidden.data).to.deep.equal({ channelId: 'home' });
    expectError(await caller.call('accesses.create', { name: 'gone', permissions: [{ channelId: 'gone', level: 'read' }] }), 'unknown-referenced-resource', 400);
  });

  it('an app access on a folder may share that folder or a sub-folder, not the whole channel (forbidden) nor a sibling folder (unknown-referenced-resource)', async () => {
    await seed(t.caller);
    const { caller } = await grant([{ channelId: 'work', folderId: 'f', level: 'manage' }], 'app');
    expectOk(await caller.call('accesses.create', { name: 'sub', permissions: [{ channelId: 'work', folderId: 'fc', level: 'manage' }] }));
    expectOk(await caller.call('accesses.create', { name: 'same', permissions: [{ channelId: 'work', folderId: 'f', level: 'read' }] }));
    expectError(await caller.call('accesses.create', { name: 'channel', permissions: [{ channelId: 'work', level: 'read' }] }), 'forbidden', 403);
    expectError(await caller.call('accesses.create', { name: 'sibling', permissions: [{ channelId: 'work', folderId: 'g', level: 'read' }] }), 'unknown-referenced-resource', 400);
  });

  it('an app access cannot lift a folder it holds at a lower level by sharing the whole channel (forbidden)', async () => {
    await seed(t.caller);
    const { caller } = await grant([{ channelId: 'work', level: 'manage' }, { channelId: 'work', folderId: 'f', level: 'read' }], 'app');
    const refused = expectError(await caller.call('accesses.create', { name: 'lift', permissions: [{ channelId: 'work', level: 'contribute' }] }), 'forbidden', 403);
    expect(refused.data).to.deep.equal({ channelId: 'work', folderId: 'f', level: 'contribute' });
    const narrowed = [{ channelId: 'work', level: 'contribute' }, { channelId: 'work', folderId: 'f', level: 'read' }];
    expectOk(await caller.call('accesses.create', { name: 'narrowed', permissions: narrowed }));
  });

  it('an app access lists, updates and deletes only the shared accesses it created, and hears only of their deletions', async () => {
    await seed(t.caller);
    const { caller } = await grant([{ channelId: 'work', level: 'contribute' }], 'app');
    const { access: others } = await grant([{ channelId: 'work', level: 'read' }]);
    const { access: mine } = expectOk(await caller.call('accesses.create', { name: 'Mine', permissions: [{ channelId: 'work', level: 'read' }] }));
    expect(expectOk(await caller.call('accesses.get')).accesses).to.deep.equal([mine]);
    expectError(await caller.call('accesses.update', { id: others.id, update: { name: 'x' } }), 'unknown-resource', 404);
    expectError(await caller.call('accesses.delete', { id: others.id }), 'unknown-resource', 404);
    expectError(await caller.call('accesses.update', { id: mine.id, update: { permissions: [{ channelId: 'work', level: 'manage' }] } }), 'forbidden', 403);
    expect(expectOk(await caller.call('accesses.update', { id: mine.id, update: { permissions: [{ channelId: 'work', level: 'contribute' }] } })).access.permissions).to.deep.equal([
      { channelId: 'work', level: 'contribute' },
    ]);
    expect(expectOk(await caller.call('accesses.delete', { id: mine.id })).accessDeletion.id).to.equal(mine.id);
    expectOk(await t.caller.call('accesses.delete', { id: others.id }));
    // it hears only of the deletions of accesses it created
    expect(ids(expectOk(await caller.call('accesses.get', { includeDeletionsSince: 0 })).accessDeletions)).to.deep.equal([mine.id]);
    expect(ids(expectOk(await t.caller.call('accesses.get')).accesses)).to.not.include(mine.id);
  });

  it('a personal access manages every app and shared access, including those an app created', async () => {
    await seed(t.caller);
    const { caller } = await grant([{ channelId: 'work', level: 'read' }], 'app');
    const { access: child } = expectOk(await caller.call('accesses.create', { name: 'Child', permissions: [{ channelId: 'work', level: 'read' }] }));
    expect(expectOk(await t.caller.call('accesses.update', { id: child.id, update: { permissions: [{ channelId: '*', level: 'manage' }] } })).access.permissions).to.deep.equal([
      { channelId: '*', level: 'manage' },
    ]);
    expectOk(await t.caller.call('accesses.delete', { id: child.id }));
  });

  it('deleting an access disconnects its open sockets at once, and its next HTTP call gets invalid-access-token', async () => {
    const { access } = await grant([{ channelId: '*', level: 'read' }]);
    const watcher = await connectSocket(t.server, t.account.username, access.token);
    try {
      const disconnected = nextEvent(watcher, 'disconnect');
      expectOk(await t.caller.call('accesses.delete', { id: access.id }));
      expect(await disconnected).to.equal('io server disconnect');
    } finally {
      watcher.close();
    }
    expectError(await httpCaller(t.server.url, t.account.username, access.token).call('channels.get'), 'invalid-access-token', 403);
  });

  it('an app deleting a shared access it created disconnects that access’s sockets', async () => {
    const { caller } = await grant([{ channelId: '*', level: 'read' }], 'app');
    const { access: child } = expectOk(await caller.call('accesses.create', { name: 'Child', permissions: [{ channelId: '*', level: 'read' }] }));
    const watcher = await connectSocket(t.server, t.account.username, child.token);
    try {
      const disconnected = nextEvent(watcher, 'disconnect');
      expectOk(await caller.call('accesses.delete', { id: child.id }));
      expect(await disconnected).to.equal('io server disconnect');
    } finally {
      watcher.close();
    }
  });

  it('a shared access may delete itself, gets its answer, and its token stops', async () => {
    const { access, caller } = await grant([{ channelId: '*', level: 'read' }]);
    expect(expectOk(await caller.call('accesses.delete', { id: access.id })).accessDeletion.id).to.equal(access.id);
    expectError(await httpCaller(t.server.url, t.account.username, access.token).call('getAccessInfo'), 'invalid-access-token', 403);
  });
});
