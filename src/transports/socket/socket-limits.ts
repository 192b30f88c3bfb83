/** Rate limits at the socket door: connection attempts per address (commands per socket: message-guard.ts). */
import type { Socket } from 'socket.io';
import type { Logger } from 'pino';
import type { RateLimits } from '../../limits/rate-limits';
import { toApiError } from '../../registry/dispatch';

/** A namespace middleware run before authentication: a flood of connections costs no store read. */
export function limitConnections(limits: RateLimits, logger: Logger) {
  return (socket: Socket, next: (error?: Error) => void): void => {
    limits.consumeConnection(socket.handshake.address).then(
      () => next(),
      (error: unknown) => next(Object.assign(new Error('Too many connections'), { data: toApiError(error, logger).toBody() })),
    );
  };
}
