/**
 * Baseline: a bare Socket.IO server with one namespace. `command` acks a copy of Logbook's
 * getAccessInfo answer (same fields, same size, a fresh serverTime as Logbook computes one), and
 * `broadcast` emits `eventsChanged` to the room every socket joined: the transport's own cost.
 */
import http from 'node:http';
import { Server } from 'socket.io';
import '../servers/server-hook';

const port = Number(process.env.PORT);
const namespace = process.env.BENCH_NAMESPACE ?? '/alice';
const answer = JSON.parse(process.env.BENCH_PAYLOAD ?? '{}') as { meta?: Record<string, unknown> };

const server = http.createServer();
const io = new Server(server);
let seq = 0;

io.of(namespace).on('connection', (socket) => {
  socket.join('listeners');
  socket.on('command', (_payload: unknown, ack: unknown) => {
    if (typeof ack === 'function') ack(null, { ...answer, meta: { ...answer.meta, serverTime: Date.now() / 1000 } });
  });
  socket.on('broadcast', (_payload: unknown, ack: unknown) => {
    io.of(namespace).to('listeners').emit('eventsChanged', { channelId: 'fanout', seq: ++seq });
    if (typeof ack === 'function') ack(null, { seq });
  });
});

server.listen(port, '127.0.0.1');
process.once('SIGTERM', () => io.close(() => process.exit(0)));
