/** Answers queued for one WebSocket leave in one write: a burst of commands costs a few writes, not one each. */
import { expect } from 'chai';
import type net from 'node:net';
import type { Socket } from 'socket.io-client';
import { connectSocket, createAccount } from '../helpers/accounts';
import { backends } from '../helpers/backends';
import { startServer, TestServer } from '../helpers/test-server';

describe('WebSocket write coalescing', () => {
  let server: TestServer;
  let socket: Socket | null = null;
  before(async () => {
    server = await startServer(backends[0]);
  });
  after(() => server.close());
  afterEach(() => socket?.close());

  /** Counts the writes the server's TCP socket makes to the system (each `_write`/`_writev` is one). */
  function countWrites(connection: net.Socket): { count: number } {
    const counter = { count: 0 };
    const writable = connection as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
    for (const method of ['_write', '_writev'] as const) {
      const original = writable[method];
      writable[method] = function (this: unknown, ...args: unknown[]) {
        counter.count++;
        return original.apply(this, args);
      };
    }
    return counter;
  }

  it('answers 100 commands sent at once, in order, in a few writes', async () => {
    const alice = await createAccount(server);
    const accepted = new Promise<net.Socket>((resolve) => server.app.server.once('connection', resolve));
    socket = await connectSocket(server, alice.username, alice.token);
    const writes = countWrites(await accepted);
    const before = writes.count;

    const answered: number[] = [];
    await Promise.all(
      Array.from(
        { length: 100 },
        (_, i) =>
          new Promise<void>((resolve, reject) =>
            socket!.emit('command', { id: 'getAccessInfo', params: {} }, (error: unknown, result: { access?: { type?: string } }) => {
              if (error !== null || result.access?.type !== 'personal') reject(new Error(`command ${i}: ${JSON.stringify(error ?? result)}`));
              answered.push(i);
              resolve();
            }),
          ),
      ),
    );
    expect(answered).to.deep.equal(Array.from({ length: 100 }, (_, i) => i));
    // The first answer leaves alone and the rest together once it is written: two writes per read of
    // the commands (the client sends its first one apart too). One write per answer would be 100.
    expect(writes.count - before).to.be.within(1, 6);
  });
});
