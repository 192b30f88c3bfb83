import { expect } from 'chai';
import { describeApi } from '../helpers/describe-api';
import { connectSocket, expectError, expectOk, flush, recordEvents } from '../helpers/accounts';
import type { Caller } from '../helpers/callers';

interface Node {
  id: string;
  name: string;
  children: Node[];
}

/** The tree as `name(child child)` text, easy to compare. */
function shape(nodes: Node[]): string {
  return nodes.map((n) => (n.children.length ? `${n.name}(${shape(n.children)})` : n.name)).join(' ');
}

async function makeChannel(caller: Caller, id = 'ch'): Promise<string> {
  expectOk(await caller.call('channels.create', { id, name: `Channel ${id}` }));
  return id;
}

async function makeFolder(caller: Caller, cid: string, id: string, parentId: string | null = null, extra: object = {}): Promise<void> {
  expectOk(await caller.call(`${cid}.folders.create`, { id, name: id.toUpperCase(), parentId, ...extra }), 201);
}

async function tree(caller: Caller, cid: string, params: object = {}): Promise<string> {
  return shape(expectOk(await caller.call(`${cid}.folders.get`, params)).folders);
}

describeApi('folders', (t) => {
  it('folders.create builds a tree that folders.get returns with children sorted by name', async () => {
    const cid = await makeChannel(t.caller);
    const { folder } = expectOk(await t.caller.call(`${cid}.folders.create`, { name: 'Sport' }), 201);
    expect(folder).to.include({ channelId: cid, name: 'Sport', parentId: null });
    expect(folder.created).to.be.a('number');
    await makeFolder(t.caller, cid, 'run', folder.id);
    await makeFolder(t.caller, cid, 'bike', folder.id);
    await makeFolder(t.caller, cid, 'hills', 'run');
    await makeFolder(t.caller, cid, 'work');
    expect(await tree(t.caller, cid)).to.equal('Sport(BIKE RUN(HILLS)) WORK');
    expect(await tree(t.caller, cid, { parentId: 'run' })).to.equal('HILLS');
  });

  it('names are unique among siblings only, and ids unique per channel', async () => {
    const cid = await makeChannel(t.caller);
    const other = await makeChannel(t.caller, 'other');
    await makeFolder(t.caller, cid, 'a');
    await makeFolder(t.caller, cid, 'b');
    const sameName = expectError(await t.caller.call(`${cid}.folders.create`, { name: 'A' }), 'item-already-exists', 409);
    expect(sameName.data).to.deep.equal({ name: 'A' });
    expectOk(await t.caller.call(`${cid}.folders.create`, { name: 'A', parentId: 'b' }));
    const sameId = expectError(await t.caller.call(`${cid}.folders.create`, { id: 'a', name: 'Another' }), 'item-already-exists', 409);
    expect(sameId.data).to.deep.equal({ id: 'a' });
    await makeFolder(t.caller, other, 'a');
    expectError(await t.caller.call(`${cid}.folders.create`, { id: 'bad id', name: 'x' }), 'invalid-item-id', 400);
  });

  it('refuses an unknown parent with unknown-referenced-resource and an unknown channel with unknown-resource', async () => {
    const cid = await makeChannel(t.caller);
    expectError(await t.caller.call(`${cid}.folders.create`, { name: 'x', parentId: 'ghost' }), 'unknown-referenced-resource', 400);
    expectError(await t.caller.call(`${cid}.folders.get`, { parentId: 'ghost' }), 'unknown-referenced-resource', 400);
    expectError(await t.caller.call('nochannel.folders.get', {}), 'unknown-resource', 404);
    expectError(await t.caller.call(`${cid}.folders.update`, { id: 'ghost', update: { name: 'x' } }), 'unknown-resource', 404);
  });

  it('hides hidden folders and their sub-folders unless includeHidden', async () => {
    const cid = await makeChannel(t.caller);
    await makeFolder(t.caller, cid, 'seen');
    await makeFolder(t.caller, cid, 'secret', null, { hidden: true });
    await makeFolder(t.caller, cid, 'inner', 'secret');
    expect(await tree(t.caller, cid)).to.equal('SEEN');
    expect(await tree(t.caller, cid, { includeHidden: true })).to.equal('SECRET(INNER) SEEN');
  });

  it('folders.update renames, merges clientData and moves a folder, but never into its own subtree', async () => {
    const cid = await makeChannel(t.caller);
    await makeFolder(t.caller, cid, 'a', null, { clientData: { keep: 1, drop: 2 } });
    await makeFolder(t.caller, cid, 'b', 'a');
    await makeFolder(t.caller, cid, 'c');
    const { folder } = expectOk(await t.caller.call(`${cid}.folders.update`, { id: 'a', update: { name: 'Alpha', clientData: { drop: null, add: 3 } } }));
    expect(folder.clientData).to.deep.equal({ keep: 1, add: 3 });
    expectOk(await t.caller.call(`${cid}.folders.update`, { id: 'c', update: { parentId: 'b' } }));
    expect(await tree(t.caller, cid)).to.equal('Alpha(B(C))');
    expectError(await t.caller.call(`${cid}.folders.update`, { id: 'a', update: { parentId: 'c' } }), 'invalid-operation', 400);
    expectError(await t.caller.call(`${cid}.folders.update`, { id: 'a', update: { parentId: 'a' } }), 'invalid-operation', 400);
    expectError(await t.caller.call(`${cid}.folders.update`, { id: 'a', update: { parentId: 'ghost' } }), 'unknown-referenced-resource', 400);
    expectOk(await t.caller.call(`${cid}.folders.update`, { id: 'c', update: { parentId: null } }));
    expect(await tree(t.caller, cid)).to.equal('Alpha(B) C');
  });

  it('a move that would clash with a sibling name is refused and changes nothing', async () => {
    const cid = await makeChannel(t.caller);
    await makeFolder(t.caller, cid, 'x');
    await makeFolder(t.caller, cid, 'p');
    await makeFolder(t.caller, cid, 'x2', 'p', { name: 'X' });
    expectError(await t.caller.call(`${cid}.folders.update`, { id: 'x2', update: { parentId: null } }), 'item-already-exists', 409);
    expect(await tree(t.caller, cid)).to.equal('P(X) X');
  });

  it('trashing hides a folder with its subtree; state=trashed and state=all show it; nothing new goes into the trash', async () => {
    const cid = await makeChannel(t.caller);
    await makeFolder(t.caller, cid, 'keep');
    await makeFolder(t.caller, cid, 'old');
    await makeFolder(t.caller, cid, 'older', 'old');
    const { folder } = expectOk(await t.caller.call(`${cid}.folders.delete`, { id: 'old' }));
    expect(folder).to.include({ id: 'old', trashed: true });
    expect(await tree(t.caller, cid)).to.equal('KEEP');
    expect(await tree(t.caller, cid, { state: 'trashed' })).to.equal('OLD(OLDER)');
    expect(await tree(t.caller, cid, { state: 'all' })).to.equal('KEEP OLD(OLDER)');
    expectError(await t.caller.call(`${cid}.folders.create`, { name: 'n', parentId: 'older' }), 'invalid-operation', 400);
    expectError(await t.caller.call(`${cid}.folders.update`, { id: 'keep', update: { parentId: 'old' } }), 'invalid-operation', 400);
    expectOk(await t.caller.call(`${cid}.folders.update`, { id: 'old', update: { trashed: false } }));
    expect(await tree(t.caller, cid)).to.equal('KEEP OLD(OLDER)');
  });

  it('refuses new folders in a trashed channel with invalid-operation', async () => {
    const cid = await makeChannel(t.caller);
    expectOk(await t.caller.call('channels.delete', { id: cid }));
    expectError(await t.caller.call(`${cid}.folders.create`, { name: 'late' }), 'invalid-operation', 400);
  });

  it('the second delete removes the subtree and leaves deletion records', async () => {
    const cid = await makeChannel(t.caller);
    await makeFolder(t.caller, cid, 'gone');
    await makeFolder(t.caller, cid, 'child', 'gone');
    await makeFolder(t.caller, cid, 'stay');
    expectOk(await t.caller.call(`${cid}.folders.delete`, { id: 'gone' }));
    const { folderDeletion, updatedEvents } = expectOk(await t.caller.call(`${cid}.folders.delete`, { id: 'gone' }));
    expect(folderDeletion.id).to.equal('gone');
    expect(updatedEvents).to.equal(0);
    expect(await tree(t.caller, cid, { state: 'all' })).to.equal('STAY');
    const { folderDeletions } = expectOk(await t.caller.call(`${cid}.folders.get`, { includeDeletionsSince: 0 }));
    expect(folderDeletions.map((d: { id: string }) => d.id).sort()).to.deep.equal(['child', 'gone']);
    // the name is free again
    await makeFolder(t.caller, cid, 'gone');
  });

  it('the final delete of a folder with events needs mergeEventsWithParent, then moves or deletes them', async () => {
    const cid = await makeChannel(t.caller);
    await makeFolder(t.caller, cid, 'top');
    await makeFolder(t.caller, cid, 'mid', 'top');
    await makeFolder(t.caller, cid, 'low', 'mid');
    const { event } = expectOk(await t.caller.call(`${cid}.events.create`, { folderId: 'low', type: 'note/txt', content: 'hi' }));
    expectOk(await t.caller.call(`${cid}.folders.delete`, { id: 'mid' }));
    expectError(await t.caller.call(`${cid}.folders.delete`, { id: 'mid' }), 'invalid-parameters-format', 400);
    const merged = expectOk(await t.caller.call(`${cid}.folders.delete`, { id: 'mid', mergeEventsWithParent: true }));
    expect(merged.updatedEvents).to.equal(1);
    expect(expectOk(await t.caller.call(`${cid}.events.getOne`, { id: event.id })).event.folderId).to.equal('top');

    expectOk(await t.caller.call(`${cid}.folders.delete`, { id: 'top' }));
    const dropped = expectOk(await t.caller.call(`${cid}.folders.delete`, { id: 'top', mergeEventsWithParent: false }));
    expect(dropped.updatedEvents).to.equal(1);
    expectError(await t.caller.call(`${cid}.events.getOne`, { id: event.id }), 'unknown-resource', 404);
  });

  it('foldersChanged {channelId, seq} reaches the other sockets of the account', async () => {
    const cid = await makeChannel(t.caller);
    const listener = await connectSocket(t.server, t.account.username, t.account.token);
    try {
      const seen = recordEvents<{ channelId: string; seq: number }>(listener, 'foldersChanged');
      await makeFolder(t.caller, cid, 'f1');
      expectOk(await t.caller.call(`${cid}.folders.update`, { id: 'f1', update: { name: 'Renamed' } }));
      await flush(listener);
      expect(seen.map((e) => e.channelId)).to.deep.equal([cid, cid]);
      expect(seen[1].seq).to.equal(seen[0].seq + 1);
    } finally {
      listener.close();
    }
  });
});
