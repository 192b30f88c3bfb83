/** Composition root: the only place that wires store, registry, transports and notifications together. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { Authenticator } from './access/authenticate';
import { loadSigningSecret, TokenSigner } from './access/tokens';
import { ChangeLog } from './changes/change-log';
import type { Config } from './config';
import { connectLimitsRedis, RateLimits } from './limits/rate-limits';
import { allMethods } from './methods/all-methods';
import { Metrics } from './metrics/metrics';
import { exposeStoreRoundTrips } from './metrics/store-round-trips';
import { connectRedisBus, RedisBus } from './notifications/redis-bus';
import { SocketNotifier } from './notifications/socket-notifier';
import { RealtimeHub } from './notifications/realtime/realtime-hub';
import { connectRedisNetwork } from './notifications/realtime/redis-network';
import { AnsweringDispatch, createDispatch, Dispatch, promising } from './registry/dispatch';
import { MethodRegistry } from './registry/method-registry';
import { ChannelCache } from './methods/channel-cache';
import { withDeadline } from './availability/store-deadline';
import { openStore } from './storage/open-store';
import type { Store } from './storage/store';
import { answerClientErrors } from './transports/http/client-errors';
import { bounded, Drain } from './lifecycle/drain';
import { createHttpDoor } from './transports/http/http-door';
import { createSocketServer } from './transports/socket/socket-server';
import { Validator } from './validation/validator';

export interface App {
  readonly server: http.Server;
  readonly store: Store;
  /** Listens on config.port/host (port 0 picks a free one) and returns the base URL. */
  listen(): Promise<string>;
  /** Stops accepting, closes sockets, Redis and the store; safe to call twice. */
  close(): Promise<void>;
}

/** A process that runs methods without serving anyone (imports, administration), notifying through Redis. */
export interface Worker {
  readonly dispatch: Dispatch;
  readonly store: Store;
  close(): Promise<void>;
}

interface Core {
  store: Store;
  registry: MethodRegistry;
  validator: Validator;
  authenticator: Authenticator;
  /** The promise form (batch, workers) and the answering form every door's call goes through. */
  dispatch: Dispatch;
  answer: AnsweringDispatch;
  metrics: Metrics;
  notifier: SocketNotifier;
  bus: RedisBus | null;
  limits: RateLimits;
  realtime: RealtimeHub;
  /** Closes what the core opened besides the store and the bus (the limiters' Redis connection). */
  closeLimits(): void;
}

/** Everything but the doors: store, registry, dispatch, change log and its notifier. */
async function createCore(config: Config, logger: Logger, serveSockets: boolean): Promise<Core> {
  const clock = () => Date.now() / 1000;
  const opened = await openStore({ ...config, log: (message, details) => logger.info(details ?? {}, message) });
  // SQLite answers synchronously or not at all; a MongoDB outage must not hold callers for the driver's timeout.
  const store = opened.kind === 'mongodb' ? withDeadline(opened, config.storeTimeoutMs) : opened;
  const signer = new TokenSigner(loadSigningSecret(config.jwtSecret, config.dataDir));
  const authenticator = new Authenticator(store, signer);
  const realtime = new RealtimeHub(logger);
  // Both wait (at most seconds) for a Redis that is away: side by side, not one after the other.
  const [bus, realtimeNetwork] = config.redisUrl
    ? await Promise.all([connectRedisBus(config.redisUrl, logger, { withAdapter: serveSockets }), connectRedisNetwork(realtime, { url: config.redisUrl, nodeTimeoutMs: config.realtimeNodeTimeoutMs, logger })])
    : [null, null];
  if (realtimeNetwork) realtime.useNetwork(realtimeNetwork);
  const notifier = new SocketNotifier(bus?.emitter ?? null);
  const changeLog = new ChangeLog(store, clock, { maxCount: config.changesMaxCount, maxAgeSeconds: config.changesMaxAgeSeconds });
  changeLog.onChange((account, change) => notifier.publish(account, change));
  // With Redis away, messages that would make other nodes forget are lost: trust what is kept only
  // briefly. With Redis, ten seconds still bound what a node that missed a message (a subscription
  // lost at start, a known fault of the Redis bus) could serve from a stale tree.
  const channelCache = new ChannelCache(store, clock, () => (bus === null ? Infinity : bus.status() === 'ready' ? 10 : 1));
  const accountCaches = forgetOnChange({ changeLog, authenticator, channelCache, notifier, bus });
  const metrics = new Metrics();
  exposeStoreRoundTrips(metrics.registry, store);
  const validator = new Validator();
  // Limits are counted in Redis when there is one, so that they hold across nodes.
  const limitsRedis = config.redisUrl ? connectLimitsRedis(config.redisUrl) : null;
  const limits = new RateLimits(config, limitsRedis);

  let dispatch: Dispatch | null = null;
  const deps = { store, channelCache, sessions: notifier, signer, accountCaches, config, realtime, limits };
  const registry = new MethodRegistry().register(...allMethods(deps, () => dispatch!));
  const inputBounds = { maxNestingDepth: config.maxNestingDepth, maxStringLength: config.maxStringLength, maxKeyLength: config.maxKeyLength, maxItems: config.maxItems };
  const answer = createDispatch({ registry, validator, authenticator, adminKey: config.adminKey, logger, metrics, clock, inputBounds, limits });
  dispatch = promising(answer);
  return { store, registry, validator, authenticator, dispatch, answer, metrics, notifier, bus, limits, realtime, closeLimits: () => limitsRedis?.disconnect() };
}

export async function createApp(config: Config, logger: Logger): Promise<App> {
  const core = await createCore(config, logger, true);
  const { store, registry, validator, authenticator, metrics, notifier, bus, limits, realtime, closeLimits } = core;
  // Every call from a door goes through the drain, so SIGTERM can answer what is in flight.
  const drain = new Drain();
  const answer = drain.guard(core.answer);
  const door = createHttpDoor({ registry, dispatch: promising(answer), validator, maxBodyBytes: config.maxBodyBytes, config, logger, metrics, ping: () => store.ping(), busStatus: () => bus?.status() ?? null });
  const server = http.createServer(door);
  answerClientErrors(server);
  const io = createSocketServer(server, { dispatch: answer, authenticator, config, logger, metrics, adapter: bus?.adapter ?? null, limits, realtime, sessions: notifier });
  notifier.attach(io, store.changes);
  // A node is ready once Redis has confirmed the subscriptions of the namespaces it serves so far.
  await bus?.whenSubscribed(5000);

  let closing: Promise<void> | null = null;
  return {
    server,
    store,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const { port } = server.address() as AddressInfo;
          resolve(`http://${config.host}:${port}`);
        });
      }),
    close: () =>
      (closing ??= (async () => {
        // No new connections or calls; the calls in flight (HTTP and socket) run to their answer.
        drain.start();
        server.close();
        const timeoutMs = config.shutdownTimeoutSeconds * 1000;
        if (!(await bounded(drain.idle(), timeoutMs / 2))) logger.warn('calls still in flight at shutdown');
        // The last answers are sent in the turn that ended them: let them reach the sockets first.
        await new Promise((resolve) => setImmediate(resolve));
        // io.close() also closes the HTTP server; keep-alive HTTP connections are cut so close ends.
        await bounded(new Promise<void>((resolve) => io.close(() => resolve())), timeoutMs / 8);
        server.closeAllConnections();
        // Redis or the store may be gone: neither may hold the process past its deadline.
        await bounded(realtime.close(), timeoutMs / 8);
        await bounded(bus?.close(), timeoutMs / 8);
        closeLimits();
        await bounded(store.close(), timeoutMs / 8);
      })()),
  };
}

export async function createWorker(config: Config, logger: Logger): Promise<Worker> {
  const { store, dispatch, bus, realtime, closeLimits } = await createCore(config, logger, false);
  return {
    dispatch,
    store,
    async close() {
      await realtime.close();
      await bus?.close();
      closeLimits();
      await store.close();
    },
  };
}

/**
 * What a change makes this node and the others forget: tokens of changed accesses, channels and
 * folder trees of changed channels. Returns what users.delete calls when a whole account goes.
 */
function forgetOnChange({ changeLog, authenticator, channelCache, notifier, bus }: { changeLog: ChangeLog; authenticator: Authenticator; channelCache: ChannelCache; notifier: SocketNotifier; bus: RedisBus | null }) {
  changeLog.onChange((account, change) => {
    if (change.kind === 'accesses') {
      authenticator.forget(change.ids);
      notifier.forgetOnOtherNodes({ accessIds: change.ids });
    } else if ((change.kind === 'channels' || change.kind === 'folders') && change.channelId) {
      channelCache.forget(account, change.channelId);
      notifier.forgetOnOtherNodes({ channels: [[account, change.channelId]] });
    }
  });
  notifier.onForgotten(({ accessIds, channels, accounts }) => {
    if (accessIds) authenticator.forget(accessIds);
    for (const [account, channelId] of channels ?? []) channelCache.forget(account, channelId);
    for (const account of accounts ?? []) {
      authenticator.forgetAccount(account);
      channelCache.forgetAccount(account);
    }
  });
  bus?.onReconnect(() => channelCache.forgetAll());
  return {
    forgetAccount(account: string): void {
      authenticator.forgetAccount(account);
      channelCache.forgetAccount(account);
      notifier.forgetOnOtherNodes({ accounts: [account] });
    },
  };
}
