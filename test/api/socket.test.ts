import { expect } from 'chai';
import type { Socket } from 'socket.io-client';
import { connectError, connectSocket, createAccount, expectError, expectOk, flush, nextEvent, recordEvents } from '../helpers/accounts';
import { backends } from '../helpers/backends';
import { socketCaller } from '../helpers/callers';
import { startServer, TestServer } from '../helpers/test-server';

for (const backend of backends) {
  describe(`Socket.IO protocol [${backend.name}]`, function () {
    let server: TestServer;
    const opened: Socket[] = [];
    before(async () => {
      server = await startServer(backend, { maxBodyBytes: 64 * 1024 });
    });
    after(() => server.close());
    afterEach(() => opened.splice(0).forEach((socket) => socket.close()));

    async function open(username: string, token: string | null, options = {}): Promise<Socket> {
      const socket = await connectSocket(server, username, token, options);
      opened.push(socket);
      return socket;
    }

    describe('connecting', () => {
      it('accepts /{username}?auth=TOKEN, the old &resource= form, handshake.auth.token and auth.apiKey', async () => {
        const alice = await createAccount(server);
        await open(alice.username, alice.token);
        await open(alice.username, alice.token, { query: { auth: alice.token, resource: `/${alice.username}` } });
        await open(alice.username, null, { auth: { token: alice.token } });
        await open(alice.username, null, { auth: { apiKey: alice.token } });
        await open(alice.username, alice.token, { transports: ['polling'] });
      });

      it('refuses a missing, malformed or forged token with invalid-access-token', async () => {
        const alice = await createAccount(server);
        expect((await connectError(server, alice.username, null)).id).to.equal('invalid-access-token');
        expect((await connectError(server, alice.username, 'not-a-jwt')).id).to.equal('invalid-access-token');
        const [header, payload] = alice.token.split('.');
        expect((await connectError(server, alice.username, `${header}.${payload}.forged`)).id).to.equal('invalid-access-token');
      });

      it("refuses another account's token with forbidden", async () => {
        const alice = await createAccount(server);
        const bob = await createAccount(server);
        const error = await connectError(server, alice.username, bob.token);
        expect(error.id).to.equal('forbidden');
        expect(error.message).to.be.a('string');
      });

      it('refuses an unknown account with unknown-resource and a mismatched resource with forbidden', async () => {
        const alice = await createAccount(server);
        expect((await connectError(server, 'nobody-here', alice.token)).id).to.equal('unknown-resource');
        expect((await connectError(server, alice.username, alice.token, { query: { auth: alice.token, resource: '/someone-else' } })).id).to.equal('forbidden');
      });

      it('refuses the root namespace without a valid API key, with invalid-access-token', async () => {
        const { io } = await import('socket.io-client');
        for (const auth of [{}, { apiKey: 'not-a-key' }, { token: 'x.y.z' }]) {
          const socket = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false, auth });
          const error = await new Promise<{ data: { id: string } }>((resolve) => socket.once('connect_error', resolve as never));
          socket.close();
          expect(error.data.id, JSON.stringify(auth)).to.equal('invalid-access-token');
        }
      });
    });

    describe('commands', () => {
      it('acknowledges exactly once with (null, result) including meta', async () => {
        const alice = await createAccount(server);
        const socket = await open(alice.username, alice.token);
        const acks: unknown[][] = [];
        await new Promise<void>((resolve) => socket.emit('command', { id: 'getAccessInfo', params: {} }, (...args: unknown[]) => (acks.push(args), resolve())));
        await flush(socket);
        expect(acks).to.have.length(1);
        const [error, result] = acks[0] as [null, { user: { username: string }; meta: { apiVersion: string; serverTime: number } }];
        expect(error).to.equal(null);
        expect(result.user.username).to.equal(alice.username);
        expect(result.meta.apiVersion).to.be.a('string');
        expect(result.meta.serverTime).to.be.a('number');
      });

      it('answers an unknown method id with invalid-method', async () => {
        const alice = await createAccount(server);
        const caller = socketCaller(await open(alice.username, alice.token));
        for (const id of ['nope', 'channels.fly', 'x.y.z.w', 'work.events.unknown', '..']) expectError(await caller.call(id, {}), 'invalid-method');
      });

      it('answers a missing or malformed payload with invalid-request-structure', async () => {
        const alice = await createAccount(server);
        const socket = await open(alice.username, alice.token);
        for (const payload of [undefined, null, 'channels.get', 42, [], { params: {} }, { id: 7 }, { id: 'channels.get', params: 'x' }]) {
          const error = await new Promise<{ id: string }>((resolve) => socket.emit('command', payload, resolve));
          expect(error.id, JSON.stringify(payload)).to.equal('invalid-request-structure');
        }
      });

      it('runs a command sent without a callback and stays connected', async () => {
        const alice = await createAccount(server);
        const socket = await open(alice.username, alice.token);
        const changed = nextEvent(socket, 'channelsChanged');
        socket.emit('command', { id: 'channels.create', params: { id: 'no-ack', name: 'No ack' } });
        await changed;
        const { channels } = expectOk(await socketCaller(socket).call('channels.get'));
        expect(channels.map((c: { id: string }) => c.id)).to.deep.equal(['no-ack']);
        expect(socket.connected).to.equal(true);
      });

      it('answers a message above MAX_BODY_BYTES with request-too-large and stays connected', async () => {
        const alice = await createAccount(server);
        const socket = await open(alice.username, alice.token);
        const caller = socketCaller(socket);
        const big = 'x'.repeat(80 * 1024);
        expectError(await caller.call('channels.create', { name: 'big', clientData: { big } }), 'request-too-large');
        expect(socket.connected).to.equal(true);
        expect(expectOk(await caller.call('channels.get')).channels).to.deep.equal([]);
      });

      it('calls with a token that has been logged out get invalid-access-token and the socket is closed', async () => {
        const alice = await createAccount(server);
        const watcher = await open(alice.username, alice.token);
        const disconnected = nextEvent(watcher, 'disconnect');
        const logout = expectOk(await socketCaller(await open(alice.username, alice.token)).call('auth.logout'));
        expect(logout).to.have.property('meta');
        expect(await disconnected).to.equal('io server disconnect');
        expect((await connectError(server, alice.username, alice.token)).id).to.equal('invalid-access-token');
      });
    });

    describe('notifications', () => {
      it('channelsChanged reaches every socket of the account with an increasing seq, and no other account', async () => {
        const alice = await createAccount(server);
        const bob = await createAccount(server);
        const writer = await open(alice.username, alice.token);
        const second = await open(alice.username, alice.token);
        const bobs = await open(bob.username, bob.token);
        const seen = recordEvents<{ seq: number }>(second, 'channelsChanged');
        const bobSeen = recordEvents(bobs, 'channelsChanged');
        const caller = socketCaller(writer);

        expectOk(await caller.call('channels.create', { id: 'c1', name: 'One' }));
        expectOk(await caller.call('channels.update', { id: 'c1', update: { name: 'Uno' } }));
        expectOk(await caller.call('channels.delete', { id: 'c1' }));
        expectOk(await caller.call('channels.delete', { id: 'c1' }));
        await flush(second);
        await flush(bobs);

        expect(seen).to.have.length(4);
        const seqs = seen.map((event) => event.seq);
        for (let i = 1; i < seqs.length; i++) expect(seqs[i]).to.equal(seqs[i - 1] + 1);
        expect(bobSeen).to.deep.equal([]);
      });

      it('a write over HTTP is notified to the sockets of the account', async () => {
        const alice = await createAccount(server);
        const socket = await open(alice.username, alice.token);
        const changed = nextEvent<{ seq: number }>(socket, 'channelsChanged');
        const response = await fetch(`${server.url}/${alice.username}/channels`, {
          method: 'POST',
          headers: { authorization: alice.token, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'From HTTP' }),
        });
        expect(response.status).to.equal(201);
        expect((await changed).seq).to.be.a('number').and.at.least(1);
      });
    });
  });
}
