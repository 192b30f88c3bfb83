/**
 * What every message of a socket passes before it runs, in one synchronous `socket.use` middleware:
 * the size and binary checks, then the per-socket command limit. One middleware, not one per check:
 * Socket.IO runs each through closures of its own, and a limit counted in memory needs no promise.
 */
import type { Socket } from 'socket.io';
import type { Logger } from 'pino';
import { ApiError } from '../../errors';
import type { RateLimits } from '../../limits/rate-limits';
import { toApiError } from '../../registry/dispatch';

/**
 * Answers an oversized message with `request-too-large`, one carrying binary attachments with
 * `invalid-request-structure`, and a `command` over the socket's limit with `too-many-requests`,
 * instead of running it. A Socket.IO message is one Engine.IO text packet followed by one packet per
 * binary attachment; Engine.IO reports each packet before Socket.IO decodes it, and `socket.use`
 * middlewares run synchronously on the decoded event, so the size summed once per packet here is the
 * size of the whole event being checked, attachments included.
 */
export function guardMessages(socket: Socket, maxBytes: number, limits: RateLimits | undefined, logger: Logger): void {
  const packet = measurePackets(socket.conn, maxBytes);
  socket.use((event, next) => {
    if (packet.size > maxBytes) return refuse(event, new ApiError('request-too-large', `The message exceeds ${maxBytes} bytes`, { limit: maxBytes }));
    if (packet.binary) return refuse(event, new ApiError('invalid-request-structure', 'Commands are JSON: binary attachments are not accepted'));
    if (!limits || event[0] !== 'command') return next();
    try {
      limits.consumeCommand(socket.id);
    } catch (error) {
      return refuse(event, toApiError(error, logger));
    }
    next();
  });
}

/** The size and kind of the Socket.IO packet being read on a connection. */
interface PacketSize {
  size: number;
  binary: boolean;
}

const packetSizes = new WeakMap<Socket['conn'], PacketSize>();

/**
 * One listener per Engine.IO connection, however many namespaces a client multiplexes over it
 * (socket.io-client does for every namespace of a host): the packet being read belongs to whichever
 * socket its event is then decoded for.
 */
function measurePackets(conn: Socket['conn'], maxBytes: number): PacketSize {
  const known = packetSizes.get(conn);
  if (known) return known;
  const measured: PacketSize = { size: 0, binary: false };
  packetSizes.set(conn, measured);
  conn.on('packet', (packet: { type: string; data?: unknown }) => {
    if (packet.type !== 'message') return;
    const { data } = packet;
    if (typeof data === 'string') {
      // A new Socket.IO packet; types 5 and 6 (BINARY_EVENT, BINARY_ACK) announce attachments.
      measured.size = data.length * 3 <= maxBytes ? data.length : Buffer.byteLength(data);
      measured.binary = data[0] === '5' || data[0] === '6';
    } else {
      measured.size += byteLength(data);
      measured.binary = true;
    }
  });
  return measured;
}

/** Answers through the event's acknowledgement when it has one; the event is not run. */
function refuse(event: unknown[], error: ApiError): void {
  const ack = event[event.length - 1];
  if (typeof ack === 'function') ack(error.toBody());
}

function byteLength(data: unknown): number {
  if (Buffer.isBuffer(data) || ArrayBuffer.isView(data)) return data.byteLength;
  if (data instanceof ArrayBuffer) return data.byteLength;
  return 0;
}
