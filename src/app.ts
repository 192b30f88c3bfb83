/** Composition root: the only place that wires store, registry, transports and notifications together. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { Authenticator } from './access/authenticate';
import { loadSigningSecret, TokenSigner } from './access/tokens';
import { ChangeLog } from './changes/change-log';
import type { Config } from './config';
import { allMethods } from './methods/all-methods';
import { Metrics } from './metrics/metrics';
import { connectRedisBus, RedisBus } from './notifications/redis-bus';
import { SocketNotifier } from './notifications/socket-notifier';
import { createDispatch, Dispatch } from './registry/dispatch';
import { MethodRegistry } from './registry/method-registry';
import { openDatabase } from './storage/open-database';
import { openStore, Store } from './storage/store';
import { createHttpApp } from './transports/http/http-app';
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
  dispatch: Dispatch;
  metrics: Metrics;
  notifier: SocketNotifier;
  bus: RedisBus | null;
}

/** Everything but the doors: store, registry, dispatch, change log and its notifier. */
async function createCore(config: Config, logger: Logger, serveSockets: boolean): Promise<Core> {
  const clock = () => Date.now() / 1000;
  const store = await openStore(await openDatabase(config));
  const signer = new TokenSigner(loadSigningSecret(config.jwtSecret, config.dataDir));
  const authenticator = new Authenticator(store, signer);
  const bus = config.redisUrl ? await connectRedisBus(config.redisUrl, logger, { withAdapter: serveSockets }) : null;
  const notifier = new SocketNotifier(bus?.emitter ?? null);
  const changeLog = new ChangeLog(store.changes, clock, { maxCount: config.changesMaxCount, maxAgeSeconds: config.changesMaxAgeSeconds });
  changeLog.onChange((account, change) => notifier.publish(account, change));
  // A changed or ended access is re-read before its token is trusted again: here at once, elsewhere through Redis.
  changeLog.onChange((_account, change) => {
    if (change.kind !== 'accesses') return;
    authenticator.forget(change.ids);
    notifier.forgetAccessesOnOtherNodes(change.ids);
  });
  notifier.onAccessesForgotten((accessIds) => authenticator.forget(accessIds));
  const metrics = new Metrics();
  const validator = new Validator();

  let dispatch: Dispatch | null = null;
  const registry = new MethodRegistry().register(...allMethods({ store, changeLog, sessions: notifier, signer, tokenCache: authenticator, config }, () => dispatch!));
  dispatch = createDispatch({ registry, validator, authenticator, adminKey: config.adminKey, logger, metrics, clock });
  return { store, registry, validator, authenticator, dispatch, metrics, notifier, bus };
}

export async function createApp(config: Config, logger: Logger): Promise<App> {
  const { store, registry, validator, authenticator, dispatch, metrics, notifier, bus } = await createCore(config, logger, true);
  const koa = createHttpApp({ registry, dispatch, validator, maxBodyBytes: config.maxBodyBytes, config, logger, metrics, ping: () => store.ping(), busStatus: () => bus?.status() ?? null });
  const server = http.createServer(koa.callback());
  const io = createSocketServer(server, { dispatch, authenticator, config, logger, metrics, adapter: bus?.adapter ?? null });
  notifier.attach(io);

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
        // io.close() also closes the HTTP server; keep-alive HTTP connections are cut so close ends.
        await new Promise<void>((resolve) => io.close(() => resolve()));
        server.closeAllConnections();
        await bus?.close();
        await store.close();
      })()),
  };
}

export async function createWorker(config: Config, logger: Logger): Promise<Worker> {
  const { store, dispatch, bus } = await createCore(config, logger, false);
  return {
    dispatch,
    store,
    async close() {
      await bus?.close();
      await store.close();
    },
  };
}
