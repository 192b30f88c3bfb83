/** SocketCaller: one method call as a `command` with an acknowledgement, failing fast on a lost connection. */
import type { Socket } from 'socket.io-client';
import type { ErrorBody, Notifications } from './api-types';
import { LogbookError } from './errors';
import { withoutMeta } from './http-caller';

/** What the server emits to a client socket (Socket.IO's typed event map). */
export type ServerEvents = { [N in keyof Notifications]: (payload: Notifications[N]) => void };

/** What a client socket emits to the server. */
export interface ClientEvents {
  command(payload: { id: string; params: unknown }, ack: (error: ErrorBody | null, result?: unknown) => void): void;
}

/** A socket of an account namespace, typed both ways. */
export type AccountSocket = Socket<ServerEvents, ClientEvents>;

/** Calls methods over a connected socket. */
export class SocketCaller {
  // Calls waiting for their ack: a lost connection never brings it, so they fail at once instead of at the timeout.
  private readonly pending = new Set<(error: LogbookError) => void>();

  constructor(
    private readonly socket: AccountSocket,
    private readonly timeoutMs: number,
  ) {
    socket.on('disconnect', (reason) => {
      const error = new LogbookError('connection-lost', `The socket closed (${reason}) before the answer came; the call may have run`);
      for (const fail of [...this.pending]) fail(error);
    });
  }

  call(method: string, params: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const settle = (done: () => void): void => {
        if (!this.pending.delete(fail)) return;
        clearTimeout(timer);
        done();
      };
      const fail = (error: LogbookError): void => settle(() => reject(error));
      const timer = setTimeout(() => fail(new LogbookError('timeout', `No answer to ${method} within ${this.timeoutMs} ms`)), this.timeoutMs);
      this.pending.add(fail);
      this.socket.emit('command', { id: method, params }, (error, result) => {
        settle(() => (error ? reject(LogbookError.fromBody(error)) : resolve(withoutMeta(result))));
      });
    });
  }
}
