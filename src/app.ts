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
  /** Stops accepting, closes sockets and the store; safe to call twice. */
  close(): Promise<void>;
}

export async function createApp(config: Config, logger: Logger): Promise<App> {
  const clock = () => Date.now() / 1000;
  const store = await openStore(await openDatabase(config));
  const signer = new TokenSigner(loadSigningSecret(config.jwtSecret, config.dataDir));
  const authenticator = new Authenticator(store, signer);
  const notifier = new SocketNotifier();
  const changeLog = new ChangeLog(store.changes, clock);
  changeLog.onChange((account, change) => notifier.publish(account, change));
  const metrics = new Metrics();
  const validator = new Validator();

  let dispatch: Dispatch | null = null;
  const registry = new MethodRegistry().register(
    ...allMethods({ store, changeLog, sessions: notifier, signer, config }, () => dispatch!),
  );
  dispatch = createDispatch({ registry, validator, authenticator, adminKey: config.adminKey, logger, metrics, clock });

  const koa = createHttpApp({ registry, dispatch, validator, maxBodyBytes: config.maxBodyBytes, config, logger, metrics, ping: () => store.ping() });
  const server = http.createServer(koa.callback());
  const io = createSocketServer(server, { dispatch, authenticator, config, logger, metrics });
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
        await store.close();
      })()),
  };
}
