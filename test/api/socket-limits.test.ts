import { expect } from 'chai';
import { io, Manager, Socket } from 'socket.io-client';
import { connectSocket, createAccount, expectOk } from '../helpers/accounts';
import { backends } from '../helpers/backends';
import { socketCaller } from '../helpers/callers';
import { startServer, TestServer } from '../helpers/test-server';

/** Emits `args` and resolves with the acknowledgement's first argument, or fails if none comes. */
function ackOf(socket: Socket, ...args: unknown[]): Promise<any> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no acknowledgement')), 5000);
    socket.once('disconnect', (reason) => reject(new Error(`disconnected: ${reason}`)));
    socket.emit('command', ...args, (error: unknown) => {
      clearTimeout(timer);
      resolve(error);
    });
  });
}

for (const backend of backends) {
  describe(`Socket.IO limits and malformed commands [${backend.name}]`, function () {
    const limit = 64 * 1024;
    let server: TestServer;
    const opened: Socket[] = [];
    before(async () => {
      server = await startServer(backend, { maxBodyBytes: limit });
    });
    after(() => server.close());
    afterEach(() => opened.splice(0).forEach((socket) => socket.close()));

    async function account(): Promise<Socket> {
      const alice = await createAccount(server);
      const socket = await connectSocket(server, alice.username, alice.token);
      opened.push(socket);
      expectOk(await socketCaller(socket).call('channels.create', { id: 'c', name: 'C' }));
      return socket;
    }

    it('refuses binary attachments with invalid-request-structure, whatever their size, and stores nothing', async () => {
      const socket = await account();
      for (const size of [10, 20 * limit]) {
        const error = await ackOf(socket, { id: 'c.events.create', params: { type: 'note/txt', time: 1, content: Buffer.alloc(size, 1) } });
        expect(error?.id, JSON.stringify(error)).to.equal(size > limit ? 'request-too-large' : 'invalid-request-structure');
      }
      const { events } = expectOk(await socketCaller(socket).call('c.events.get', {}));
      expect(events).to.deep.equal([]);
    });

    it('answers a text message of three times MAX_BODY_BYTES with request-too-large and keeps the connection', async () => {
      const socket = await account();
      const error = await ackOf(socket, { id: 'c.events.create', params: { type: 'note/txt', time: 1, content: 'x'.repeat(3 * limit) } });
      expect(error.id).to.equal('request-too-large');
      expectOk(await socketCaller(socket).call('c.events.get', {}));
    });

    it('namespaces multiplexed over one connection are each checked on their own messages, with no listener per namespace', async () => {
      const warnings: string[] = [];
      const onWarning = (warning: Error) => warnings.push(warning.name);
      process.on('warning', onWarning);
      try {
        // socket.io-client multiplexes the namespaces of one host over one connection (one Manager).
        const accounts = await Promise.all(Array.from({ length: 12 }, () => createAccount(server)));
        const manager = new Manager(server.url, { transports: ['websocket'], reconnection: false });
        const sockets = accounts.map(({ username, token }) => manager.socket(`/${username}`, { auth: { token } }));
        opened.push(...sockets);
        await Promise.all(sockets.map((socket) => new Promise<void>((resolve, reject) => (socket.once('connect', () => resolve()), socket.once('connect_error', reject)))));
        const [first, second] = sockets;
        expect((await ackOf(first, { id: 'channels.create', params: { name: 'x'.repeat(3 * limit) } })).id).to.equal('request-too-large');
        expectOk(await socketCaller(second).call('channels.create', { id: 'c', name: 'C' }));
        expectOk(await socketCaller(first).call('channels.create', { id: 'c', name: 'C' }));
        expect(warnings).to.deep.equal([]);
      } finally {
        process.off('warning', onWarning);
      }
    });

    it('acknowledges a command with no payload or an extra argument with invalid-request-structure', async () => {
      const socket = await account();
      expect((await ackOf(socket)).id).to.equal('invalid-request-structure');
      expect((await ackOf(socket, { id: 'c.events.get', params: {} }, 'extra')).id).to.equal('invalid-request-structure');
      expect((await ackOf(socket, null)).id).to.equal('invalid-request-structure');
    });

    it('refuses a namespace outside the username pattern with a connect_error carrying data.id', async () => {
      for (const name of ['/Not_A_User', '/a', '/x/y']) {
        const socket = io(`${server.url}${name}`, { transports: ['websocket'], forceNew: true, reconnection: false });
        const error = await new Promise<{ data?: { id: string } }>((resolve) => socket.once('connect_error', resolve as never));
        socket.close();
        expect(error.data?.id, name).to.equal('unknown-resource');
      }
    });
  });
}
