/** A real Logbook server on 127.0.0.1 port 0, on a fresh store, for one suite. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { App, createApp } from '../../src/app';
import { Config, loadConfig } from '../../src/config';
import type { Backend } from './backends';

export interface TestServer {
  url: string;
  app: App;
  config: Config;
  adminKey: string;
  close(): Promise<void>;
}

/** Starts a server; `overrides` replace configuration (e.g. DOMAIN, limits); the data dir is new unless given. */
export async function startServer(backend: Backend, overrides: Partial<Config> = {}): Promise<TestServer> {
  const adminKey = `admin-${randomBytes(8).toString('hex')}`;
  const config = loadConfig(
    {},
    {
      port: 0,
      host: '127.0.0.1',
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-test-')),
      mongodbUrl: backend.freshMongoUrl(),
      adminKey,
      logLevel: 'silent',
      ...overrides,
    },
  );
  const app = await createApp(config, pino({ level: config.logLevel }));
  const url = await app.listen();
  return { url, app, config, adminKey: config.adminKey ?? adminKey, close: () => app.close() };
}
