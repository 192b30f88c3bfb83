/** Rate limits at the socket door: connection attempts per address, `command` messages per socket. */
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

/** Answers a `command` over the socket's limit with `too-many-requests`, without running it. */
export function limitCommands(socket: Socket, limits: RateLimits, logger: Logger): void {
  socket.use((event, next) => {
    if (event[0] !== 'command') return next();
    limits.consumeCommand(socket.id).then(
      () => next(),
      (error: unknown) => {
        const ack = event[event.length - 1];
        if (typeof ack === 'function') ack(toApiError(error, logger).toBody());
      },
    );
  });
}
