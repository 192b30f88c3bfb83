/** The Socket.IO door: one namespace per account, authenticated at connect, serving `command` messages. */
import type { Server as HttpServer } from 'node:http';
import { Server, Socket } from 'socket.io';
import type { Logger } from 'pino';
import type { Authenticator, Caller } from '../../access/authenticate';
import type { Config } from '../../config';
import { ApiError } from '../../errors';
import type { Metrics } from '../../metrics/metrics';
import { roomsOf } from '../../notifications/rooms';
import { toApiError, type Dispatch } from '../../registry/dispatch';
import { handleCommand } from './command-handler';
import { limitCommands, limitConnections } from './socket-limits';
import type { RateLimits } from '../../limits/rate-limits';

export interface SocketDeps {
  dispatch: Dispatch;
  authenticator: Authenticator;
  config: Pick<Config, 'corsOrigins' | 'maxBodyBytes'>;
  logger: Logger;
  metrics: Metrics;
  /** Connections per address and commands per socket; none counted without it. */
  limits?: RateLimits;
  /** The Redis adapter when several nodes share notifications; null for a single node. */
  adapter: Parameters<Server['adapter']>[0] | null;
}

export interface SocketData {
  caller: Caller;
  token: string;
}

/** Account namespaces are `/{username}`; the pattern is SPEC §1's username rule. */
const ACCOUNT_NAMESPACE = /^\/[a-z0-9][a-z0-9-]{3,58}[a-z0-9]$/;

export function createSocketServer(httpServer: HttpServer, deps: SocketDeps): Server {
  const io = new Server<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>(httpServer, {
    cors: { origin: [...deps.config.corsOrigins], credentials: true },
    // Engine.IO hangs up above this; between MAX_BODY_BYTES and it, the command gets `request-too-large`.
    maxHttpBufferSize: deps.config.maxBodyBytes * 2 + 4096,
    cleanupEmptyChildNamespaces: true,
  });

  if (deps.adapter) io.adapter(deps.adapter);
  io.of('/').use((_socket, next) => next(connectError(new ApiError('unknown-resource', 'Connect to the namespace /{username}'))));

  const accounts = io.of(ACCOUNT_NAMESPACE);
  if (deps.limits) accounts.use(limitConnections(deps.limits, deps.logger));
  accounts.use(async (socket, next) => {
    try {
      const username = socket.nsp.name.slice(1);
      const { auth, query } = socket.handshake;
      const resource = typeof query.resource === 'string' ? query.resource : null;
      if (resource !== null && resource !== socket.nsp.name) throw new ApiError('forbidden', `resource "${resource}" does not match the namespace`);
      const token = firstString(auth?.token, auth?.apiKey, query.auth, bearer(socket.handshake.headers.authorization));
      // A connection is rare and long-lived: it always reads the access, never a remembered check.
      socket.data.caller = await deps.authenticator.authenticate(username, token, Date.now() / 1000, { fresh: true });
      socket.data.token = token!;
      next();
    } catch (error) {
      next(connectError(toApiError(error, deps.logger)));
    }
  });

  accounts.on('connection', (socket: Socket<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>) => {
    const { access, permissions } = socket.data.caller;
    socket.join(roomsOf(access, permissions));
    deps.metrics.socketOpened();
    socket.once('disconnect', () => deps.metrics.socketClosed());
    refuseOversizedPackets(socket, deps.config.maxBodyBytes);
    if (deps.limits) limitCommands(socket, deps.limits, deps.logger);
    closeAtExpiry(socket, access.expires);
    socket.on('command' as never, ((payload: unknown, ack: unknown) => handleCommand(socket, deps, payload, ack)) as never);
  });

  return io as unknown as Server;
}

/**
 * Answers an oversized message with `request-too-large` instead of a hang-up. Engine.IO reports each
 * packet just before Socket.IO decodes it, and `socket.use` middlewares run synchronously on the
 * decoded event, so the size read here is always the size of the event being checked.
 */
function refuseOversizedPackets(socket: Socket, limit: number): void {
  let lastPacket: unknown = null;
  socket.conn.on('packet', (packet: { data?: unknown }) => {
    lastPacket = packet.data;
  });
  socket.use((event, next) => {
    if (sizeAtMost(lastPacket, limit)) return next();
    const ack = event[event.length - 1];
    if (typeof ack === 'function') ack(new ApiError('request-too-large', `The message exceeds ${limit} bytes`, { limit }).toBody());
  });
}

/** True when `data` takes at most `limit` bytes; counting UTF-8 bytes only when the length alone cannot tell. */
function sizeAtMost(data: unknown, limit: number): boolean {
  if (typeof data === 'string') return data.length * 3 <= limit || Buffer.byteLength(data) <= limit;
  return !Buffer.isBuffer(data) || data.length <= limit;
}

/** Ends the socket when its token expires (calls would fail from then on anyway: every call re-checks). */
function closeAtExpiry(socket: Socket, expires: number | undefined): void {
  if (expires === undefined) return;
  const delay = Math.max(0, expires * 1000 - Date.now());
  // setTimeout cannot wait longer than 2^31-1 ms (~24.8 days); such tokens rely on the per-call check.
  if (delay > 2 ** 31 - 1) return;
  const timer = setTimeout(() => socket.disconnect(true), delay);
  socket.once('disconnect', () => clearTimeout(timer));
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
