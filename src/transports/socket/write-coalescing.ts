/**
 * Frames queued for one WebSocket leave in one system call. Engine.IO sends the first packet of a
 * burst at once and queues the rest until that write is done, then sends the queue frame by frame;
 * `ws` writes each frame on its own, so a client with 100 commands in flight cost the server 100
 * `writev` calls (half of its CPU in a profile). Corking the connection's TCP socket while Engine.IO
 * sends its queue turns them into one write, in the same order and in the same tick: nothing waits
 * for it, so a lone answer (or notification) leaves exactly as before.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Server } from 'socket.io';

interface Transport {
  send(packets: unknown[]): void;
}

/** What Engine.IO's server does to make a transport: protected in its types, overridable all the same. */
interface TransportFactory {
  createTransport(name: string, req: IncomingMessage): Transport;
}

/** The TCP socket under each WebSocket transport: the upgrade request's socket, which `ws` writes to. */
const connectionOf = new WeakMap<Transport, Duplex>();

export function coalesceWebSocketWrites(io: Server): void {
  const engine = io.engine as unknown as TransportFactory;
  const create = engine.createTransport.bind(engine);
  engine.createTransport = (name, req) => {
    const transport = create(name, req);
    if (name === 'websocket') {
      connectionOf.set(transport, req.socket);
      // A shared function, not a closure: an idle connection keeps nothing more than the map's entry.
      transport.send = sendCorked;
    }
    return transport;
  };
}

function sendCorked(this: Transport, packets: unknown[]): void {
  const send = (Object.getPrototypeOf(this) as Transport).send;
  const connection = connectionOf.get(this);
  if (packets.length < 2 || connection === undefined) return send.call(this, packets);
  connection.cork();
  try {
    send.call(this, packets);
  } finally {
    connection.uncork();
  }
}
