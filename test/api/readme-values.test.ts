import vm from 'node:vm';
import { expect } from 'chai';
import { io, Socket } from 'socket.io-client';
import { createAccount, expectOk } from '../helpers/accounts';
import { backends } from '../helpers/backends';
import { httpCaller } from '../helpers/callers';
import { readDoc, section } from '../helpers/markdown';
import { startServer, TestServer } from '../helpers/test-server';

/** The README's JavaScript example of the root namespace, as written but for the URL and the key. */
function readmeExample(): string {
  const block = /```js\n([\s\S]*?)```/.exec(section(readDoc('README.md'), 'Current values'));
  if (!block) throw new Error('no js example in "Current values"');
  return block[1];
}

describe('README: the current values example works as written', function () {
  let server: TestServer;
  let socket: Socket | null = null;
  before(async () => {
    server = await startServer(backends[0]);
  });
  after(async () => {
    socket?.close();
    await server.close();
  });

  it('connects to / with the API key of an app access and hears setData and removeData', async () => {
    const account = await createAccount(server);
    const owner = httpCaller(server.url, account.username, account.token);
    expectOk(await owner.call('channels.create', { id: 'home', name: 'Home' }));
    const { access } = expectOk(await owner.call('accesses.create', { name: 'Dashboard', type: 'app', permissions: [{ channelId: 'home', level: 'read' }] }));
    const code = readmeExample().replace('"https://api.example.org"', JSON.stringify(server.url)).replace('"Project API Key"', JSON.stringify(access.token));
    const received: [string, any][] = [];
    // The handlers as written are empty: every message is recorded beside them.
    const watchedIo = (...args: Parameters<typeof io>) => {
      socket = io(args[0] as string, { ...(args[1] as object), transports: ['websocket'], forceNew: true, reconnection: false });
      socket.onAny((event: string, data: unknown) => received.push([event, data]));
      return socket;
    };
    vm.runInNewContext(code, { io: watchedIo });
    expect(socket!.hasListeners('setData') && socket!.hasListeners('removeData')).to.equal(true);
    await new Promise<void>((resolve, reject) => {
      socket!.once('connect', resolve);
      socket!.once('connect_error', reject);
    });
    expectOk(await owner.call('home.values.set', { key: 'sıcaklık', value: 21.5 }));
    expectOk(await owner.call('home.values.delete', { key: 'sıcaklık' }));
    const data = () => received.filter(([event]) => event.endsWith('Data'));
    for (let i = 0; i < 100 && data().length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(data().map(([event, data]) => [event, data.key, data.channelId])).to.deep.equal([
      ['setData', 'sıcaklık', 'home'],
      ['removeData', 'sıcaklık', 'home'],
    ]);
  });
});
