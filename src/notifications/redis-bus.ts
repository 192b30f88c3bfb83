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
  /**
   * 'ready' when both connections are up and every subscription the adapter asked for is confirmed by
   * Redis; 'subscribing' while some are not yet; anything else means notifications stay on this node.
   */
  status(): string;
  /** Resolves once every subscription asked for so far is confirmed (or after `timeoutMs`). */
  whenSubscribed(timeoutMs: number): Promise<void>;
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
  // Both connections, not only pub: the adapter subscribes as soon as it exists, and a subscription
  // sent while the subscriber is still connecting could race ioredis' own handshake commands.
  await Promise.all([whenReady(pub, READY_TIMEOUT_MS), sub ? whenReady(sub, READY_TIMEOUT_MS) : null]);
  const publisher = withQuietPublish(pub);
  const subscriptions = sub ? trackSubscriptions(sub, logger) : null;
  return {
    adapter: subscriptions ? createAdapter(publisher, subscriptions.client) : null,
    emitter: new Emitter(publisher),
    status: () => {
      if (pub.status !== 'ready' || (sub !== null && sub.status !== 'ready')) return 'unavailable';
      return subscriptions && subscriptions.pending() > 0 ? 'subscribing' : 'ready';
    },
    whenSubscribed: (timeoutMs) => subscriptions?.settled(timeoutMs) ?? Promise.resolve(),
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

/**
 * The subscriber as the adapter sees it, counting the subscriptions it asks for until Redis confirms
 * them. The adapter does not handle their promises either: a refused one was an unhandled rejection
 * that ended the process; it is logged here and the subscription is asked for again.
 */
function trackSubscriptions(client: Redis, logger: Logger) {
  let pending = 0;
  let waiters: (() => void)[] = [];
  const settle = () => {
    if (pending > 0) return;
    for (const waiter of waiters) waiter();
    waiters = [];
  };
  const track = (name: 'subscribe' | 'psubscribe', args: unknown[], attempt = 1): Promise<unknown> => {
    pending++;
    const request = (client[name] as (...a: unknown[]) => Promise<unknown>)(...args);
    return request.then(
      (result) => {
        pending--;
        settle();
        return result;
      },
      (error: Error) => {
        pending--;
        logger.warn({ err: error, command: name, attempt }, 'redis subscription refused; asking again');
        if (attempt >= 5) {
          settle();
          return 0;
        }
        return new Promise((resolve) => setTimeout(resolve, 200 * attempt)).then(() => track(name, args, attempt + 1));
      },
    );
  };
  const proxy = new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'subscribe' || property === 'psubscribe') return (...args: unknown[]) => track(property, args);
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    client: proxy,
    pending: () => pending,
    settled(timeoutMs: number): Promise<void> {
      if (pending === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}

/** Resolves when the client is ready, or after `timeoutMs` (it keeps connecting meanwhile). */
export function whenReady(client: Redis, timeoutMs: number): Promise<void> {
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
