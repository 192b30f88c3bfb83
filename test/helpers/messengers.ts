/** Socket.IO connections that record every `realtime` message they receive, from the first one on. */
import { io, Socket } from 'socket.io-client';
import type { ServerRef } from './accounts';
import { socketCaller, type Caller, type ErrorBody } from './callers';
import { within } from './processes';

export interface Messenger {
  socket: Socket;
  caller: Caller;
  /** Every `realtime` payload received, in order, the `success` greeting included. */
  received: any[];
  /** Resolves once `count` payloads matching `filter` have arrived, with them. */
  until(count: number, filter?: (payload: any) => boolean, timeoutMs?: number): Promise<any[]>;
  /** The payloads received apart from the greeting. */
  messages(): any[];
}

/**
 * Connects to `/{username}` (or to `/` with `auth: {apiKey}` when `root`), listening before the
 * connection opens so that the greeting sent with it is not missed; resolves once connected.
 */
export async function connectMessenger(server: ServerRef, username: string, token: string, { root = false, greeted = true } = {}): Promise<Messenger> {
  const socket = io(root ? server.url : `${server.url}/${username}`, {
    ...(root ? { auth: { apiKey: token } } : { query: { auth: token } }),
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  const received: any[] = [];
  let waiters: (() => void)[] = [];
  socket.on('realtime', (payload: unknown) => {
    received.push(payload);
    const woken = waiters;
    waiters = [];
    woken.forEach((wake) => wake());
  });
  const arrival = () => new Promise<void>((resolve) => waiters.push(resolve));
  const messenger: Messenger = {
    socket,
    caller: socketCaller(socket),
    received,
    messages: () => received.filter((payload) => payload.type !== 'success'),
    async until(count, filter = () => true, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (received.filter(filter).length < count) {
        await within(arrival(), Math.max(1, deadline - Date.now()), `${count} realtime messages (have ${received.filter(filter).length}: ${JSON.stringify(received).slice(0, 500)})`);
      }
      return received.filter(filter);
    },
  };
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error: Error & { data?: ErrorBody }) => {
      socket.close();
      reject(error);
    });
  });
  if (greeted) await messenger.until(1, (payload) => payload.type === 'success');
  return messenger;
}

/** Cuts the TCP connection under the WebSocket, with no goodbye: the server finds out when it drops. */
export function dropConnection(messenger: Messenger): void {
  const engine = messenger.socket.io.engine as unknown as { transport: { ws?: { _socket?: { destroy(): void } } }; close(): void };
  const tcp = engine.transport.ws?._socket;
  if (tcp) tcp.destroy();
  else engine.close();
}
