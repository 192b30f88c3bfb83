import { expect } from 'chai';
import { io, Socket } from 'socket.io-client';
import { describeApi } from '../helpers/describe-api';
import { connectSocket, createAccount, expectOk, flush, recordEvents } from '../helpers/accounts';
import { httpCaller, socketCaller } from '../helpers/callers';

describeApi('the root namespace with an API key', (t) => {
  const opened: Socket[] = [];
  afterEach(() => opened.splice(0).forEach((socket) => socket.close()));

  function connectRoot(options: Record<string, unknown>): Promise<Socket> {
    const socket = io(t.server.url, { transports: ['websocket'], forceNew: true, reconnection: false, ...options });
    opened.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  beforeEach(async () => {
    expectOk(await t.caller.call('channels.create', { id: 'home', name: 'Home' }));
    expectOk(await t.caller.call('channels.create', { id: 'work', name: 'Work' }));
  });

  it('serves the account the key names: commands, and what its access may read, nothing else', async () => {
    const { access } = await t.grant([{ channelId: 'home', level: 'contribute' }], 'app');
    const root = await connectRoot({ auth: { apiKey: access.token } });
    const set = recordEvents(root, 'setData');
    const events = recordEvents(root, 'eventsChanged');
    const stranger = await createAccount(t.server);
    const strangerRoot = await connectRoot({ auth: { token: stranger.token } });
    const strangerSet = recordEvents(strangerRoot, 'setData');

    const info = expectOk(await socketCaller(root).call('getAccessInfo', {}));
    expect(info.access.id).to.equal(access.id);
    expectOk(await socketCaller(root).call('home.values.set', { key: 'door', value: 'open' }));
    expectOk(await t.caller.call('work.values.set', { key: 'door', value: 'closed' }));
    expectOk(await t.caller.call('home.events.create', { type: 'note/txt', time: 1_700_000_000 }));
    expectOk(await t.caller.call('work.events.create', { type: 'note/txt', time: 1_700_000_000 }));
    await flush(root);
    await flush(strangerRoot);
    expect(set.map((data) => [data.channelId, data.key, data.value])).to.deep.equal([['home', 'door', 'open']]);
    expect(events.map((data) => data.channelId)).to.deep.equal(['home']);
    expect(strangerSet).to.deep.equal([]);
  });

  it('takes the key from ?auth= too, and a personal token hears every channel', async () => {
    const root = await connectRoot({ query: { auth: t.account.token } });
    const set = recordEvents(root, 'setData');
    expectOk(await t.caller.call('work.values.set', { key: 'k', value: 1 }));
    await flush(root);
    expect(set.map((data) => data.channelId)).to.deep.equal(['work']);
  });

  it('keeps telling a root socket when the account namespace opens and closes beside it', async () => {
    // An account of its own, written over HTTP: no socket of the test keeps its namespace open.
    const alone = await createAccount(t.server);
    const owner = httpCaller(t.server.url, alone.username, alone.token);
    expectOk(await owner.call('channels.create', { id: 'home', name: 'Home' }));
    const root = await connectRoot({ auth: { apiKey: alone.token } });
    const set = recordEvents(root, 'setData');
    expectOk(await owner.call('home.values.set', { key: 'k', value: 1 }));
    const beside = await connectSocket(t.server, alone.username, alone.token);
    expectOk(await owner.call('home.values.set', { key: 'k', value: 2 }));
    await flush(beside);
    beside.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expectOk(await owner.call('home.values.set', { key: 'k', value: 3 }));
    await flush(root);
    expect(set.map((data) => data.value)).to.deep.equal([1, 2, 3]);
  });

  it('disconnects a root socket when its access is deleted, and moves it to the rooms of changed permissions', async () => {
    const { access } = await t.grant([{ channelId: 'home', level: 'read' }], 'app');
    const root = await connectRoot({ auth: { apiKey: access.token } });
    const set = recordEvents(root, 'setData');
    expectOk(await t.caller.call('accesses.update', { id: access.id, update: { permissions: [{ channelId: 'work', level: 'read' }] } }));
    expectOk(await t.caller.call('home.values.set', { key: 'k', value: 1 }));
    expectOk(await t.caller.call('work.values.set', { key: 'k', value: 2 }));
    await flush(root);
    expect(set.map((data) => data.channelId)).to.deep.equal(['work']);
    const closed = new Promise((resolve) => root.once('disconnect', resolve));
    expectOk(await t.caller.call('accesses.delete', { id: access.id }));
    await closed;
  });
});
