/** One `command` message: size, binary and limit checks, shape check, dispatch, and exactly one acknowledgement. */
import type { Socket } from 'socket.io';
import { withMeta } from '../../api-version';
import { ApiError } from '../../errors';
import { commandRefusal } from './message-guard';
import type { SocketData, SocketDeps } from './socket-server';

type Ack = (error: unknown, result?: unknown) => void;

const noAck: Ack = () => {};

export function handleCommand(socket: Socket<any, any, any, SocketData>, deps: SocketDeps, args: unknown[]): void {
  // The acknowledgement is the last argument whenever it is a function, whatever comes before it, so
  // a malformed command (no payload, an extra argument) still gets its answer. Without one the
  // command still runs and its answer goes nowhere.
  const last = args[args.length - 1];
  const reply = typeof last === 'function' ? (last as Ack) : noAck;
  const refused = commandRefusal(socket, socket.data.packet, deps.config.maxBodyBytes, deps.limits, deps.logger);
  if (refused !== null) {
    reply(refused.toBody());
    return;
  }
  const payloadCount = reply === noAck ? args.length : args.length - 1;
  const payload = args[0];
  if (payloadCount !== 1 || !isCommand(payload)) {
    reply(new ApiError('invalid-request-structure', 'A command is one argument {id: "<method id>", params: {...}} and an acknowledgement callback').toBody());
    return;
  }
  deps.dispatch(
    {
      methodId: payload.id,
      params: payload.params ?? {},
      username: socket.data.account,
      token: socket.data.token,
      transport: 'socket',
      requestId: `${socket.id}/${++socket.data.commands}`,
      client: socket.handshake.address,
      connectionId: socket.id,
    },
    (error, result) => (error === null ? reply(null, withMeta(result)) : reply(error.toBody())),
  );
}

function isCommand(payload: unknown): payload is { id: string; params?: unknown } {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return false;
  const { id, params } = payload as { id?: unknown; params?: unknown };
  return typeof id === 'string' && id.length > 0 && id.length <= 300 && (params === undefined || (typeof params === 'object' && params !== null));
}
