import { expect } from 'chai';
import type { Socket } from 'socket.io-client';
import { describeApi } from '../helpers/describe-api';
import { connectSocket, createAccount, expectOk, flush, recordEvents } from '../helpers/accounts';

const T = 1_700_000_000;

describeApi('eventsChanged notifications', (t) => {
  const opened: Socket[] = [];
  afterEach(() => opened.splice(0).forEach((socket) => socket.close()));

  async function listen(username: string, token: string): Promise<{ socket: Socket; received: { channelId: string; seq: number }[] }> {
    const socket = await connectSocket(t.server, username, token);
    opened.push(socket);
    return { socket, received: recordEvents(socket, 'eventsChanged') };
  }

  it('tells the sockets of the account {channelId, seq} after every event write, and no other account', async () => {
    expectOk(await t.caller.call('channels.create', { id: 'work', name: 'Work', enforceNoEventsOverlap: true }));
    const same = await listen(t.account.username, t.account.token);
    const stranger = await createAccount(t.server);
    const other = await listen(stranger.username, stranger.token);

    expectOk(await t.caller.call('work.events.create', { id: 'e', type: 'note/txt', time: T }));
    expectOk(await t.caller.call('work.events.update', { id: 'e', update: { description: 'x' } }));
    expectOk(await t.caller.call('work.events.delete', { id: 'e' }));
    expectOk(await t.caller.call('work.events.delete', { id: 'e' }));
    expectOk(await t.caller.call('work.events.start', { id: 'a', type: 'activity/plain', time: T }));
    expectOk(await t.caller.call('work.events.start', { id: 'b', type: 'activity/plain', time: T + 10 }));
    expectOk(await t.caller.call('work.events.stop', { id: 'b', time: T + 20 }));
    await flush(same.socket);
    await flush(other.socket);

    // The second start stops `a` (one change) and creates `b` (another).
    expect(same.received).to.have.length(8);
    for (const payload of same.received) expect(payload).to.have.all.keys('channelId', 'seq', 'action', 'ids').and.include({ channelId: 'work' });
    const seqs = same.received.map((payload) => payload.seq);
    expect(seqs).to.deep.equal([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).to.equal(seqs.length);
    expect(other.received).to.deep.equal([]);
  });

  it('tells nothing when a write is refused', async () => {
    expectOk(await t.caller.call('channels.create', { id: 'work', name: 'Work', enforceNoEventsOverlap: true }));
    expectOk(await t.caller.call('work.events.create', { id: 'p', type: 'activity/plain', time: T, duration: 100 }));
    const same = await listen(t.account.username, t.account.token);
    await t.caller.call('work.events.create', { type: 'activity/plain', time: T + 10, duration: 5 });
    await t.caller.call('work.events.stop', { id: 'p' });
    await t.caller.call('work.events.create', { type: 'Bad' });
    await flush(same.socket);
    expect(same.received).to.deep.equal([]);
  });

  it('tells a socket whose access reads one folder only of the events in that folder, moves out of it included', async () => {
    expectOk(await t.caller.call('channels.create', { id: 'work', name: 'Work' }));
    expectOk(await t.caller.call('work.folders.create', { id: 'sport', name: 'Sport' }));
    expectOk(await t.caller.call('work.folders.create', { id: 'diet', name: 'Diet' }));
    const permissions = [{ channelId: 'work', folderId: 'sport', level: 'read' }];
    const { access } = expectOk(await t.caller.call('accesses.create', { name: 'sport reader', type: 'shared', permissions }), 201);
    const reader = await listen(t.account.username, access.token);

    expectOk(await t.caller.call('work.events.create', { id: 'in-diet', folderId: 'diet', type: 'note/txt' }));
    expectOk(await t.caller.call('work.events.create', { id: 'no-folder', type: 'note/txt' }));
    await flush(reader.socket);
    expect(reader.received).to.deep.equal([]);

    expectOk(await t.caller.call('work.events.create', { id: 'in-sport', folderId: 'sport', type: 'note/txt' }));
    expectOk(await t.caller.call('work.events.update', { id: 'in-sport', update: { folderId: 'diet' } }));
    expectOk(await t.caller.call('work.events.update', { id: 'in-sport', update: { description: 'now elsewhere' } }));
    await flush(reader.socket);
    expect(reader.received.map((payload) => payload.channelId)).to.deep.equal(['work', 'work']);
  });
});
