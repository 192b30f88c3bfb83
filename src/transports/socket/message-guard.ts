/**
 * What every `command` passes before it runs: the size and binary checks, then the per-socket command
 * limit. Checked by the `command` listener itself rather than in a `socket.use` middleware: Socket.IO
 * copies its middleware list and makes two closures for every event it runs through one, and keeps a
 * middleware closure per socket. `command` is the only event a client sends that anything listens to.
 */
import type { Socket } from 'socket.io';
import type { Logger } from 'pino';
import { ApiError } from '../../errors';
import type { RateLimits } from '../../limits/rate-limits';
import { toApiError } from '../../registry/dispatch';

/**
 * Why a command must not run, or null: an oversized message is `request-too-large`, one carrying binary
 * attachments `invalid-request-structure`, one over the socket's limit `too-many-requests`. A Socket.IO
 * message is one Engine.IO text packet followed by one packet per binary attachment; Engine.IO reports
 * each packet before Socket.IO decodes it, and the listener runs synchronously on the decoded event, so
 * the size summed once per packet is the size of the whole command being checked, attachments included.
 */
export function commandRefusal(socket: Socket, packet: PacketSize, maxBytes: number, limits: RateLimits | undefined, logger: Logger): ApiError | null {
  if (packet.size > maxBytes) return new ApiError('request-too-large', `The message exceeds ${maxBytes} bytes`, { limit: maxBytes });
  if (packet.binary) return new ApiError('invalid-request-structure', 'Commands are JSON: binary attachments are not accepted');
  try {
    limits?.consumeCommand(socket.id);
  } catch (error) {
    return toApiError(error, logger);
  }
  return null;
}

/** The size and kind of the Socket.IO packet being read on a connection. */
export interface PacketSize {
  size: number;
  binary: boolean;
}

const packetSizes = new WeakMap<Socket['conn'], PacketSize>();

/**
 * One listener per Engine.IO connection, however many namespaces a client multiplexes over it
 * (socket.io-client does for every namespace of a host): the packet being read belongs to whichever
 * socket its event is then decoded for.
 */
export function measurePackets(conn: Socket['conn'], maxBytes: number): PacketSize {
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

function byteLength(data: unknown): number {
  if (Buffer.isBuffer(data) || ArrayBuffer.isView(data)) return data.byteLength;
  if (data instanceof ArrayBuffer) return data.byteLength;
  return 0;
}
