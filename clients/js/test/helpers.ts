/** Test support for the client suites: a real server, accounts, clients that clean up, and waiting on conditions. */
import type { Socket as TcpSocket } from 'node:net';
import { connect, type ConnectOptions, type LogbookClient } from '@logbook/client';
import type { Config } from '../../../src/config';
import { Account, createAccount } from '../../../test/helpers/accounts';
import { backends } from '../../../test/helpers/backends';
import { startServer, TestServer } from '../../../test/helpers/test-server';

export type { Account, TestServer };

/** A server on the embedded store (the client is what is tested here, not the store). */
export function startEmbeddedServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  return startServer(backends[0], overrides);
}

export { createAccount };

/** Socket options for tests: WebSocket only and quick reconnection, so forced disconnects heal fast. */
export const QUICK_SOCKET: NonNullable<ConnectOptions['socketOptions']> = { transports: ['websocket'], reconnectionDelay: 20, reconnectionDelayMax: 100, forceNew: true };

/** Opens clients and closes them all after each test. */
export class Clients {
  private readonly open: LogbookClient[] = [];

  connect(server: TestServer, account: Pick<Account, 'username' | 'token'>, options: Partial<ConnectOptions> = {}): LogbookClient {
    const client = connect({
      url: server.url,
      username: account.username,
      token: account.token,
      timeoutMs: 5000,
      ...options,
      socketOptions: { ...QUICK_SOCKET, ...options.socketOptions },
    });
    this.open.push(client);
    return client;
  }

  closeAll(): void {
    for (const client of this.open.splice(0)) client.close();
  }
}

/** Resolves once `check` holds, re-checking every few ms; fails with `what` after `timeoutMs`. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Resolves with the next `event` the client's socket emits. */
export function nextSocketEvent<T>(client: LogbookClient, event: 'connect' | 'connect_error' | 'disconnect', timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${event}" within ${timeoutMs} ms`)), timeoutMs);
    client.socket.once(event, (payload?: unknown) => {
      clearTimeout(timer);
      resolve(payload as T);
    });
  });
}

/**
 * The server-side TCP sockets of WebSocket connections whose URL carries `marker` (engine.io puts the
 * client's `query` in the URL): destroying them is a disconnect the server causes, not the client.
 */
export function trackUpgrades(server: TestServer, marker: string): { destroyAll(): number } {
  const sockets = new Set<TcpSocket>();
  server.app.server.on('upgrade', (request: { url?: string }, socket: TcpSocket) => {
    if (!request.url?.includes(marker)) return;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return {
    destroyAll() {
      const count = sockets.size;
      for (const socket of sockets) socket.destroy();
      return count;
    },
  };
}
