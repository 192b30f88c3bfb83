/** Accounts and sockets for tests: each test makes its own account, with a unique name. */
import { randomBytes } from 'node:crypto';
import { io, Socket } from 'socket.io-client';
import { expect } from 'chai';
import { Caller, ErrorBody, httpCaller, httpRequest, Outcome, socketCaller } from './callers';
import type { TestServer } from './test-server';

/** Any server the helpers can reach: an in-process TestServer or a spawned node. */
export type ServerRef = Pick<TestServer, 'url' | 'adminKey'>;

export interface Account {
  username: string;
  password: string;
  token: string;
}

export function uniqueUsername(prefix = 'user'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/** Creates a user through the admin route and logs it in over HTTP. */
export async function createAccount(server: ServerRef, username = uniqueUsername()): Promise<Account> {
  const password = `pw-${randomBytes(6).toString('hex')}`;
  const created = await httpRequest('POST', `${server.url}/users`, { token: server.adminKey, body: JSON.stringify({ username, password }) });
  expect(created.status, JSON.stringify(created.error)).to.equal(201);
  const login = await httpRequest('POST', `${server.url}/${username}/auth/login`, { body: JSON.stringify({ username, password, appId: 'tests' }) });
  expect(login.status, JSON.stringify(login.error)).to.equal(200);
  return { username, password, token: login.result.token };
}

/** Opens a Socket.IO connection to `/{username}?auth=token` and resolves once connected. */
export function connectSocket(server: ServerRef, username: string, token: string | null, options: Record<string, unknown> = {}): Promise<Socket> {
  const socket = io(`${server.url}/${username}`, {
    query: token === null ? {} : { auth: token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...options,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error & { data?: ErrorBody }) => {
      socket.close();
      reject(error);
    });
  });
}

/** The `data` of the connect_error a connection attempt fails with. */
export async function connectError(server: ServerRef, username: string, token: string | null, options: Record<string, unknown> = {}): Promise<ErrorBody> {
  try {
    const socket = await connectSocket(server, username, token, options);
    socket.close();
  } catch (error) {
    return (error as { data: ErrorBody }).data;
  }
  throw new Error('the connection was accepted');
}

/** Both callers for one account; the socket is closed by `closeAll`. */
export async function callersFor(server: ServerRef, account: Account): Promise<{ http: Caller; socket: Caller; sockets: Socket[] }> {
  const socket = await connectSocket(server, account.username, account.token);
  return { http: httpCaller(server.url, account.username, account.token), socket: socketCaller(socket), sockets: [socket] };
}

/** Resolves with the next `event` on `socket`, or fails after `timeoutMs`. */
export function nextEvent<T = any>(socket: Socket, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, onEvent);
      reject(new Error(`no "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    function onEvent(payload: T): void {
      clearTimeout(timer);
      resolve(payload);
    }
    socket.once(event, onEvent);
  });
}

/** Collects every `event` a socket receives from now on. */
export function recordEvents<T = any>(socket: Socket, event: string): T[] {
  const received: T[] = [];
  socket.on(event, (payload: T) => received.push(payload));
  return received;
}

/**
 * Makes sure everything the server emitted to `socket` before now has arrived: Socket.IO keeps order
 * on one connection, so once a round trip made after the write is answered, any notification the
 * write caused would already be here. This replaces sleeping when asserting that nothing came.
 */
export async function flush(socket: Socket): Promise<void> {
  await socketCaller(socket).call('getAccessInfo', {});
}

export function expectOk(outcome: Outcome, status?: number): any {
  expect(outcome.error, `unexpected error ${JSON.stringify(outcome.error)}`).to.equal(undefined);
  if (status !== undefined && outcome.status !== undefined) expect(outcome.status).to.equal(status);
  return outcome.result;
}

export function expectError(outcome: Outcome, id: string, status?: number): ErrorBody {
  expect(outcome.error, `expected error ${id}, got ${JSON.stringify(outcome.result)}`).to.not.equal(undefined);
  expect(outcome.error!.id, outcome.error!.message).to.equal(id);
  expect(outcome.error!.message).to.be.a('string').and.not.equal('');
  if (status !== undefined && outcome.status !== undefined) expect(outcome.status).to.equal(status);
  return outcome.error!;
}
