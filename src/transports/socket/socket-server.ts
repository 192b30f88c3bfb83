/** The Socket.IO door: one namespace per account, authenticated at connect, serving `command` messages. */
import type { Server as HttpServer } from 'node:http';
import { Server, Socket } from 'socket.io';
import type { Logger } from 'pino';
import type { Authenticator, Caller } from '../../access/authenticate';
import type { Config } from '../../config';
import { ApiError } from '../../errors';
import type { Metrics } from '../../metrics/metrics';
import { rootRoom, roomsOf } from '../../notifications/rooms';
import { toApiError, type AnsweringDispatch } from '../../registry/dispatch';
import { handleCommand } from './command-handler';
import { ExpiryWatch } from './expiry-watch';
import { jsonParser } from './json-parser';
import { measurePackets, type PacketSize } from './message-guard';
import { limitConnections } from './socket-limits';
import { coalesceWebSocketWrites } from './write-coalescing';
import type { RateLimits } from '../../limits/rate-limits';
import type { RealtimeHub } from '../../notifications/realtime/realtime-hub';
import type { SocketNotifier } from '../../notifications/socket-notifier';

export interface SocketDeps {
  dispatch: AnsweringDispatch;
  authenticator: Authenticator;
  config: Pick<Config, 'corsOrigins' | 'maxBodyBytes' | 'maxSocketBufferBytes'>;
  logger: Logger;
  metrics: Metrics;
  /** Connections per address and commands per socket; none counted without it. */
  limits?: RateLimits;
  /** Messages between users: every connection that may message is handed to it. */
  realtime?: RealtimeHub;
  /** Follows the account of each socket of an account namespace before it connects, and is told when one closed. */
  sessions?: Pick<SocketNotifier, 'follow' | 'socketClosed'>;
  /** The Redis adapter when several nodes share notifications; null for a single node. */
  adapter: Parameters<Server['adapter']>[0] | null;
}

export interface SocketData {
  /** The account served: the namespace's, or on the root namespace the one the API key names. */
  account: string;
  caller: Caller;
  token: string;
  /** Commands received so far: `{socket id}/{n}` names each in the logs. */
  commands: number;
  /** The size and kind of the message being read on the socket's connection (message-guard.ts). */
  packet: PacketSize;
}

/** Account namespaces are `/{username}`; the pattern is SPEC §1's username rule. */
const ACCOUNT_NAMESPACE = /^\/[a-z0-9][a-z0-9-]{3,58}[a-z0-9]$/;

export function createSocketServer(httpServer: HttpServer, deps: SocketDeps): Server {
  const io = new Server<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>(httpServer, {
    cors: { origin: [...deps.config.corsOrigins], credentials: true },
    // Engine.IO hangs up above this (it cannot read the frame); between MAX_BODY_BYTES and it, the
    // command is read, then answered `request-too-large`.
    maxHttpBufferSize: Math.max(deps.config.maxSocketBufferBytes, deps.config.maxBodyBytes + 4096),
    cleanupEmptyChildNamespaces: true,
    // Writes JSON without the stock encoder's walk for binary (Logbook sends none), splicing pre-serialised parts.
    parser: jsonParser,
  });

  coalesceWebSocketWrites(io);
  if (deps.adapter) io.adapter(deps.adapter);
  const serve = servingSockets(deps);
  // The root namespace serves the account its API key (any access token) names, as `/{username}` would.
  const root = io.of('/');
  if (deps.limits) root.use(limitConnections(deps.limits, deps.logger));
  root.use(async (socket, next) => {
    try {
      const token = tokenOf(socket);
      const account = deps.authenticator.accountOf(token);
      if (account === null) throw new ApiError('invalid-access-token', token ? 'The API key is invalid or expired' : 'An API key is required: auth: {apiKey}', undefined, 401);
      await authenticateSocket(socket, account, token, deps);
      next();
    } catch (error) {
      next(connectError(toApiError(error, deps.logger)));
    }
  });
  root.on('connection', (socket: AppSocket) => serve(socket, [rootRoom(socket.data.account), ...roomsOf(socket.data.caller.access, socket.data.caller.permissions).map((room) => rootRoom(socket.data.account, room))]));

  const accounts = io.of(ACCOUNT_NAMESPACE);
  // Registered after the account pattern, which Socket.IO tries first: any other name gets an error
  // body in `connect_error` (Socket.IO's own "Invalid namespace" has no `data`).
  io.of(/^\/.*$/s).use((socket, next) => next(connectError(new ApiError('unknown-resource', `No account namespace "${socket.nsp.name.slice(0, 100)}": connect to /{username}`))));
  if (deps.limits) accounts.use(limitConnections(deps.limits, deps.logger));
  accounts.use(async (socket, next) => {
    try {
      const { query } = socket.handshake;
      const resource = typeof query.resource === 'string' ? query.resource : null;
      if (resource !== null && resource !== socket.nsp.name) throw new ApiError('forbidden', `resource "${resource}" does not match the namespace`);
      await authenticateSocket(socket, socket.nsp.name.slice(1), tokenOf(socket), deps);
      await deps.sessions?.follow(socket.data.account);
      next();
    } catch (error) {
      next(connectError(toApiError(error, deps.logger)));
    }
  });

  accounts.on('connection', (socket: AppSocket) => serve(socket, roomsOf(socket.data.caller.access, socket.data.caller.permissions)));

  return io as unknown as Server;
}

type AppSocket = Socket<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>;

function tokenOf(socket: Socket): string | null {
  const { auth, query } = socket.handshake;
  return firstString(auth?.token, auth?.apiKey, query.auth, bearer(socket.handshake.headers.authorization));
}

async function authenticateSocket(socket: Socket<any, any, any, SocketData>, account: string, token: string | null, deps: SocketDeps): Promise<void> {
  // A connection is rare and long-lived: it always reads the access, never a remembered check.
  socket.data.caller = await deps.authenticator.authenticate(account, token, Date.now() / 1000, { fresh: true });
  socket.data.account = account;
  socket.data.token = token!;
  socket.data.commands = 0;
}

/**
 * What every connected socket gets, on an account namespace or the root one: its rooms, limits,
 * expiry and commands. The `command` and `disconnect` listeners are the same two functions for every
 * socket (Socket.IO calls them with the socket as `this`): a closure per socket is memory every idle
 * socket keeps.
 */
function servingSockets(deps: SocketDeps): (socket: AppSocket, rooms: string[]) => void {
  // Tokens expire: one timer closes the sockets of all of them.
  const expiries = new ExpiryWatch();
  function onCommand(this: AppSocket, ...args: unknown[]): void {
    handleCommand(this, deps, args);
  }
  // One listener for what a closing socket ends.
  function onDisconnect(this: AppSocket): void {
    deps.metrics.socketClosed();
    expiries.forget(this);
    deps.realtime?.disconnected(this.id);
    deps.sessions?.socketClosed(this.data.account);
  }
  return (socket, rooms) => {
    socket.join(rooms);
    deps.metrics.socketOpened();
    // `disconnect` comes once per socket: `on` spares the wrapper `once` makes.
    socket.on('disconnect', onDisconnect);
    socket.data.packet = measurePackets(socket.conn, deps.config.maxBodyBytes);
    expiries.watch(socket, socket.data.caller.access.expires);
    socket.on('command' as never, onCommand as never);
    deps.realtime?.connect(socket, socket.data.account, socket.data.caller.access.type);
  };
}

/** The `connect_error` a client sees: its `data` is the SPEC error body. */
function connectError(error: ApiError): Error & { data: unknown } {
  return Object.assign(new Error(error.message), { data: error.toBody() });
}

function firstString(...values: unknown[]): string | null {
  for (const value of values) if (typeof value === 'string' && value !== '') return value;
  return null;
}

function bearer(header: string | undefined): string | null {
  return header ? header.replace(/^Bearer\s+/i, '').trim() : null;
}
