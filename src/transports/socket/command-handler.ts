/** One `command` message: shape check, dispatch, and exactly one acknowledgement. */
import type { Socket } from 'socket.io';
import { responseMeta } from '../../api-version';
import { ApiError } from '../../errors';
import type { SocketData, SocketDeps } from './socket-server';

type Ack = (error: unknown, result?: unknown) => void;

export function handleCommand(socket: Socket<any, any, any, SocketData>, deps: SocketDeps, payload: unknown, ack: unknown): void {
  // A missing callback is allowed: the command still runs, its answer goes nowhere.
  const reply: Ack = typeof ack === 'function' ? (ack as Ack) : () => {};
  const fail = (error: ApiError): void => reply(error.toBody());

  if (!isCommand(payload)) {
    fail(new ApiError('invalid-request-structure', 'A command is {id: "<method id>", params: {...}}'));
    return;
  }
  deps
    .dispatch({
      methodId: payload.id,
      params: payload.params ?? {},
      username: socket.nsp.name.slice(1),
      token: socket.data.token,
      transport: 'socket',
      client: socket.handshake.address,
    })
    .then(
      (result) => reply(null, { ...(result as object), meta: responseMeta() }),
      (error: ApiError) => fail(error),
    );
}

function isCommand(payload: unknown): payload is { id: string; params?: unknown } {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return false;
  const { id, params } = payload as { id?: unknown; params?: unknown };
  return typeof id === 'string' && id.length > 0 && id.length <= 300 && (params === undefined || (typeof params === 'object' && params !== null));
}
