/**
 * The Redis side of notifications for several nodes: the Socket.IO adapter (nodes relay each other's
 * broadcasts) and an emitter (reaches accounts with no socket on this node, and serves workers).
 * A Redis outage must not stop a node: publishes fail fast instead of queueing, local sockets keep
 * their notifications, and the subscriber reconnects and resubscribes when Redis returns.
 */
import { Redis } from 'ioredis';
import { createAdapter } from '@socket.io/redis-adapter';
import { Emitter } from '@socket.io/redis-emitter';
import type { Logger } from 'pino';

export interface RedisBus {
  /** For `io.adapter(...)`; null in a worker that serves no sockets. */
  adapter: ReturnType<typeof createAdapter> | null;
  emitter: Emitter;
  /** 'ready' when both connections are up; anything else means notifications stay on this node. */
  status(): string;
  /** Runs `handler` each time Redis comes back after an outage (messages sent meanwhile were lost). */
  onReconnect(handler: () => void): void;
  close(): Promise<void>;
}

// How long a start waits for Redis before going on without it (it keeps reconnecting meanwhile).
const READY_TIMEOUT_MS = 5000;

export async function connectRedisBus(url: string, logger: Logger, { withAdapter }: { withAdapter: boolean }): Promise<RedisBus> {
  // Published notifications are dropped while Redis is away (clients catch up through changes.get)...
  const pub = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  // ...but subscriptions are queued so that every namespace is listening again once Redis is back.
  const sub = withAdapter ? new Redis(url, { maxRetriesPerRequest: null }) : null;
  let healthy = true;
  const reconnectHandlers: (() => void)[] = [];
  for (const [name, client] of [['pub', pub], ['sub', sub]] as const) {
    client?.on('error', (error: Error) => {
      if (healthy) logger.warn({ err: error, client: name }, 'redis unavailable; notifications stay on this node until it returns');
      healthy = false;
    });
    client?.on('ready', () => {
      if (!healthy) {
        logger.info({ client: name }, 'redis is back');
        healthy = true;
        for (const handler of reconnectHandlers) handler();
      }
    });
  }
  await whenReady(pub, READY_TIMEOUT_MS);
  const publisher = withQuietPublish(pub);
  return {
    adapter: sub ? createAdapter(publisher, sub) : null,
    emitter: new Emitter(publisher),
    status: () => (pub.status === 'ready' && (sub === null || sub.status === 'ready') ? 'ready' : 'unavailable'),
    onReconnect: (handler) => reconnectHandlers.push(handler),
    async close() {
      // quit, not disconnect: notifications already published must leave before the connection closes.
      await Promise.all([pub, sub].map((client) => client?.quit().catch(() => client.disconnect())));
    },
  };
}

/**
 * The adapter and the emitter fire `publish` without handling its promise; during an outage each
 * would be an unhandled rejection, which ends a Node process. The outage is already logged above.
 */
function withQuietPublish(client: Redis): Redis {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'publish') return (...args: Parameters<Redis['publish']>) => target.publish(...args).catch(() => 0);
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function whenReady(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    client.once('ready', done);
  });
}
