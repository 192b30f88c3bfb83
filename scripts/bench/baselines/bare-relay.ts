/**
 * Baseline for realtime messages: a bare Socket.IO chat relay. `join` puts the socket in a room,
 * `post` emits the same `realtime` payload Logbook sends to the room but the sender, then acks. With
 * REDIS_URL it uses the official Redis adapter, so two of these relay between them as two nodes do.
 */
import http from 'node:http';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import '../servers/server-hook';

const port = Number(process.env.PORT);
const namespace = process.env.BENCH_NAMESPACE ?? '/alice';
const server = http.createServer();
const io = new Server(server);

async function main(): Promise<void> {
  if (process.env.REDIS_URL) {
    const pub = new Redis(process.env.REDIS_URL);
    const sub = pub.duplicate();
    io.adapter(createAdapter(pub, sub));
  }
  io.of(namespace).on('connection', (socket) => {
    socket.on('join', (group: string, ack: unknown) => {
      socket.join(`group:${group}`);
      if (typeof ack === 'function') ack(null, {});
    });
    socket.on('post', ({ group, message }: { group: string; message: unknown }, ack: unknown) => {
      socket.to(`group:${group}`).emit('realtime', { type: 'message', group, message, sender: namespace.slice(1), sender_cid: socket.id });
      if (typeof ack === 'function') ack(null, {});
    });
  });
  server.listen(port, '127.0.0.1');
}

void main();
process.once('SIGTERM', () => io.close(() => process.exit(0)));
