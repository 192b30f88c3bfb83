import { expect } from 'chai';
import { describeApi } from '../helpers/describe-api';
import { expectError, expectOk } from '../helpers/accounts';
import { Caller, Outcome } from '../helpers/callers';

type Level = 'read' | 'contribute' | 'manage';
const LEVELS: Level[] = ['read', 'contribute', 'manage'];
const RANK: Record<Level, number> = { read: 1, contribute: 2, manage: 3 };

/** Where a permission points: all channels, channel work, or the subtree of folder f in work. */
const SCOPES = [
  { name: "'*'", target: { channelId: '*' }, tree: 'F(FC) G', events: ['ef', 'efc', 'eg', 'enone', 'run'] },
  { name: 'channel work', target: { channelId: 'work' }, tree: 'F(FC) G', events: ['ef', 'efc', 'eg', 'enone', 'run'] },
  { name: 'folder f of channel work', target: { channelId: 'work', folderId: 'f' }, tree: 'F(FC)', events: ['ef', 'efc', 'run'] },
] as const;

/**
 * Channel work with folders f (child fc) and g; events ef in f, efc in fc, eg in g, enone in no
 * folder, and a running period `run` in f; channel home with event ehome.
 */
async function seed(personal: Caller): Promise<void> {
  const ok = async (method: string, params: object) => expectOk(await personal.call(method, params));
  await ok('channels.create', { id: 'work', name: 'Work' });
  await ok('channels.create', { id: 'home', name: 'Home' });
  await ok('work.folders.create', { id: 'f', name: 'F' });
  await ok('work.folders.create', { id: 'fc', name: 'FC', parentId: 'f' });
  await ok('work.folders.create', { id: 'g', name: 'G' });
  for (const [id, folderId] of [['ef', 'f'], ['efc', 'fc'], ['eg', 'g'], ['enone', null]]) {
    await ok('work.events.create', { id, folderId, type: 'note/txt', content: id, time: 1000 });
  }
  await ok('work.events.start', { id: 'run', folderId: 'f', type: 'activity/plain', time: 2000 });
  await ok('home.events.create', { id: 'ehome', type: 'note/txt', content: 'home', time: 1000 });
}

interface Node {
  name: string;
  children: Node[];
}

function shape(nodes: Node[]): string {
  return nodes.map((n) => (n.children.length ? `${n.name}(${shape(n.children)})` : n.name)).join(' ');
}

async function eventIds(caller: Caller, cid = 'work'): Promise<string[]> {
  return expectOk(await caller.call(`${cid}.events.get`, { state: 'all', limit: 100 })).events.map((e: { id: string }) => e.id).sort();
}

/** Success when `allowed`, else forbidden. */
function expectAllowed(outcome: Outcome, allowed: boolean): void {
  if (allowed) expectOk(outcome);
  else expectError(outcome, 'forbidden', 403);
}

describeApi('permissions on folders and events', (t) => {
  const shared = async (permissions: object[]) => (await t.grant(permissions)).caller;

  for (const scope of SCOPES) {
    for (const level of LEVELS) {
      const contributes = RANK[level] >= RANK.contribute;
      const manages = level === 'manage';
      describe(`a shared access with ${level} on ${scope.name}`, () => {
        it(`lists folders ${scope.tree} and only the events in them, and reads them by id`, async () => {
          await seed(t.caller);
          const caller = await shared([{ ...scope.target, level }]);
          expect(shape(expectOk(await caller.call('work.folders.get')).folders)).to.equal(scope.tree);
          expect(shape(expectOk(await caller.call('work.folders.get', { parentId: 'f' })).folders)).to.equal('FC');
          expect(await eventIds(caller)).to.deep.equal([...scope.events]);
          expect(expectOk(await caller.call('work.events.get', { folders: ['f'] })).events.map((e: { id: string }) => e.id).sort()).to.deep.equal(['ef', 'efc', 'run']);
          expect(expectOk(await caller.call('work.events.getOne', { id: 'efc' })).event.content).to.equal('efc');
          expect(expectOk(await caller.call('work.events.getRunning')).events.map((e: { id: string }) => e.id)).to.deep.equal(['run']);
        });

        it(`${contributes ? 'may' : 'may not (forbidden)'} create, update, delete, start and stop events in folder f`, async () => {
          await seed(t.caller);
          const caller = await shared([{ ...scope.target, level }]);
          expectAllowed(await caller.call('work.events.create', { id: 'new', folderId: 'f', type: 'note/txt' }), contributes);
          expectAllowed(await caller.call('work.events.update', { id: 'ef', update: { description: 'changed' } }), contributes);
          expectAllowed(await caller.call('work.events.delete', { id: 'efc' }), contributes);
          expectAllowed(await caller.call('work.events.start', { id: 'started', folderId: 'fc', type: 'activity/plain' }), contributes);
          expectAllowed(await caller.call('work.events.stop', { id: 'run' }), contributes);
          const { event } = expectOk(await t.caller.call('work.events.getOne', { id: 'ef' }));
          const running = expectOk(await t.caller.call('work.events.getRunning')).events.map((e: { id: string }) => e.id);
          if (contributes) {
            expect(event.description).to.equal('changed');
            expect(running).to.deep.equal(['started']);
            expect(await eventIds(t.caller)).to.include.members(['new', 'started']);
          } else {
            expect(event).to.not.have.property('description');
            expect(running).to.deep.equal(['run']);
            expect(await eventIds(t.caller)).to.deep.equal(['ef', 'efc', 'eg', 'enone', 'run']);
          }
        });

        it(`${manages ? 'may' : 'may not (forbidden)'} create, update and delete folders inside folder f`, async () => {
          await seed(t.caller);
          const caller = await shared([{ ...scope.target, level }]);
          expectAllowed(await caller.call('work.folders.create', { id: 'new', name: 'New', parentId: 'f' }), manages);
          expectAllowed(await caller.call('work.folders.update', { id: 'fc', update: { name: 'Renamed' } }), manages);
          expectAllowed(await caller.call('work.folders.delete', { id: 'fc' }), manages);
          const tree = shape(expectOk(await t.caller.call('work.folders.get', { state: 'all' })).folders);
          expect(tree).to.equal(manages ? 'F(New Renamed) G' : 'F(FC) G');
        });

        if (scope.target.channelId === '*') return;

        it('answers unknown-resource for channel home and its content, and lists nothing of it', async () => {
          await seed(t.caller);
          const caller = await shared([{ ...scope.target, level }]);
          expectError(await caller.call('home.folders.get'), 'unknown-resource', 404);
          expectError(await caller.call('home.events.get'), 'unknown-resource', 404);
          expectError(await caller.call('home.events.getOne', { id: 'ehome' }), 'unknown-resource', 404);
          expectError(await caller.call('home.events.create', { type: 'note/txt' }), 'unknown-resource', 404);
          expectError(await caller.call('home.folders.create', { name: 'Mine' }), 'unknown-resource', 404);
          expect(await eventIds(t.caller, 'home')).to.deep.equal(['ehome']);
        });

        if (!('folderId' in scope.target)) return;

        it('treats sibling folder g and events outside f as unknown, and cannot write at the channel root (forbidden)', async () => {
          await seed(t.caller);
          const caller = await shared([{ ...scope.target, level }]);
          expectError(await caller.call('work.folders.update', { id: 'g', update: { name: 'x' } }), 'unknown-resource', 404);
          expectError(await caller.call('work.folders.delete', { id: 'g' }), 'unknown-resource', 404);
          for (const id of ['eg', 'enone']) {
            expectError(await caller.call('work.events.getOne', { id }), 'unknown-resource', 404);
            expectError(await caller.call('work.events.update', { id, update: { description: 'x' } }), 'unknown-resource', 404);
            expectError(await caller.call('work.events.delete', { id }), 'unknown-resource', 404);
          }
          expectError(await caller.call('work.events.get', { folders: ['g'] }), 'unknown-referenced-resource', 400);
          expectError(await caller.call('work.folders.get', { parentId: 'g' }), 'unknown-referenced-resource', 400);
          expectError(await caller.call('work.events.create', { folderId: 'g', type: 'note/txt' }), 'unknown-referenced-resource', 400);
          expectError(await caller.call('work.events.create', { folderId: null, type: 'note/txt' }), 'forbidden', 403);
          expect(shape(expectOk(await t.caller.call('work.folders.get', { state: 'all' })).folders)).to.equal('F(FC) G');
          expect(await eventIds(t.caller)).to.deep.equal(['ef', 'efc', 'eg', 'enone', 'run']);
        });

        it('is forbidden to create a folder at the channel root, as to record an event there', async () => {
          await seed(t.caller);
          const caller = await shared([{ ...scope.target, level }]);
          expectError(await caller.call('work.folders.create', { name: 'Root' }), 'forbidden', 403);
          expectError(await caller.call('work.folders.update', { id: 'fc', update: { parentId: null } }), 'forbidden', 403);
          expect(shape(expectOk(await t.caller.call('work.folders.get', { state: 'all' })).folders)).to.equal('F(FC) G');
        });
      });
    }
  }

  describe('the nearest explicit permission wins', () => {
    it('channel manage with folder f read: read-only in f and its sub-folders, manage elsewhere in the channel', async () => {
      await seed(t.caller);
      const caller = await shared([{ channelId: 'work', level: 'manage' }, { channelId: 'work', folderId: 'f', level: 'read' }]);
      expectError(await caller.call('work.events.create', { folderId: 'f', type: 'note/txt' }), 'forbidden', 403);
      expectError(await caller.call('work.events.update', { id: 'efc', update: { description: 'x' } }), 'forbidden', 403);
      expectError(await caller.call('work.folders.create', { name: 'Sub', parentId: 'f' }), 'forbidden', 403);
      expectError(await caller.call('work.folders.update', { id: 'f', update: { name: 'x' } }), 'forbidden', 403);
      expect(await eventIds(caller)).to.deep.equal(['ef', 'efc', 'eg', 'enone', 'run']);
      expectOk(await caller.call('work.events.create', { folderId: 'g', type: 'note/txt' }));
      expectOk(await caller.call('work.folders.update', { id: 'g', update: { name: 'Gee' } }));
      expectOk(await caller.call('channels.update', { id: 'work', update: { name: 'Job' } }));
    });

    it('folder f contribute with sub-folder fc read: contribute in f, read-only in fc', async () => {
      await seed(t.caller);
      const caller = await shared([{ channelId: 'work', folderId: 'f', level: 'contribute' }, { channelId: 'work', folderId: 'fc', level: 'read' }]);
      expectOk(await caller.call('work.events.update', { id: 'ef', update: { description: 'x' } }));
      expectError(await caller.call('work.events.update', { id: 'efc', update: { description: 'x' } }), 'forbidden', 403);
      expectError(await caller.call('work.events.create', { folderId: 'fc', type: 'note/txt' }), 'forbidden', 403);
      expectError(await caller.call('work.events.update', { id: 'ef', update: { folderId: 'fc' } }), 'forbidden', 403);
    });

    it("'*' read with channel work manage: manage in work, read-only in home", async () => {
      await seed(t.caller);
      const caller = await shared([{ channelId: '*', level: 'read' }, { channelId: 'work', level: 'manage' }]);
      expectOk(await caller.call('channels.update', { id: 'work', update: { name: 'Job' } }));
      expectOk(await caller.call('work.folders.create', { name: 'New' }));
      expectError(await caller.call('channels.update', { id: 'home', update: { name: 'House' } }), 'forbidden', 403);
      expectError(await caller.call('home.events.create', { type: 'note/txt' }), 'forbidden', 403);
      expect(await eventIds(caller, 'home')).to.deep.equal(['ehome']);
    });

    it('channel read with folder f manage: manages folders inside f, nothing at the channel root', async () => {
      await seed(t.caller);
      const caller = await shared([{ channelId: 'work', level: 'read' }, { channelId: 'work', folderId: 'f', level: 'manage' }]);
      expectOk(await caller.call('work.folders.create', { name: 'Sub', parentId: 'f' }));
      expectOk(await caller.call('work.events.create', { folderId: 'fc', type: 'note/txt' }));
      expectError(await caller.call('work.folders.create', { name: 'Root' }), 'forbidden', 403);
      expectError(await caller.call('work.events.create', { type: 'note/txt' }), 'forbidden', 403);
      expectError(await caller.call('channels.update', { id: 'work', update: { name: 'Job' } }), 'forbidden', 403);
    });
  });
});
