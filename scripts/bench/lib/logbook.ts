/** Starting Logbook (the real dist/src/main.js) as a child process, and the accounts the scenarios use. */
import path from 'node:path';
import { BenchChild, freePort, waitForPort } from './children';
import { BENCH_DIST, BenchContext, DIST_ROOT } from './context';
import { expectOk, requestJson } from './http-client';

export interface LogbookServer {
  url: string;
  child: BenchChild;
  stop(): Promise<void>;
}

export interface LogbookStart {
  name: string;
  dataDir: string;
  /** With a database name in the path; null for the embedded store in dataDir. */
  mongodbUrl: string | null;
  /** Core to pin to, or null to leave it free (setup phases that hash many passwords). */
  core: number | null;
  /** How often to try the port and /health while it starts (ms; 50 by default, less where start-up is measured). */
  pollMs?: number;
  /** More environment (REDIS_URL for the groups that run two nodes). */
  env?: Record<string, string>;
}

export async function startLogbook(context: BenchContext, start: LogbookStart): Promise<LogbookServer> {
  const port = await freePort();
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: start.dataDir,
    ADMIN_KEY: context.adminKey,
    JWT_SECRET: context.jwtSecret,
    LOG_LEVEL: 'warn',
    MONGODB_URL: start.mongodbUrl ?? '',
    // Limits counted (their cost is the service's) but never reached: one bench token makes far more calls than a client.
    RATE_CALLS_PER_ACCESS: String(2 ** 31),
    RATE_COMMANDS_PER_SOCKET: String(2 ** 31),
    RATE_CONNECTIONS_PER_IP: String(2 ** 31),
    RATE_REALTIME_PER_CONNECTION: String(2 ** 31),
    // A get on FerretDB reads the whole table (docs/benchmarks.md): with calls in flight one can wait
    // longer than the 3 s that turn a slow store into api-unavailable. The bench measures speed, not outages.
    STORE_TIMEOUT_MS: '120000',
    ...start.env,
  };
  const child = BenchChild.start({
    name: start.name,
    script: path.join(DIST_ROOT, 'src', 'main.js'),
    // The hook answers gc/memory requests; --expose-gc lets it collect before memory is read.
    nodeArgs: ['--expose-gc', '-r', path.join(BENCH_DIST, 'servers', 'server-hook.js')],
    env,
    core: start.core,
    logDir: context.workDir,
  });
  const pollMs = start.pollMs ?? 50;
  await waitForPort(port, child, 30_000, pollMs);
  const url = `http://127.0.0.1:${port}`;
  // Listening comes before the store is usable on some paths; /health says when it answers.
  for (let attempt = 0; (await requestJson('GET', `${url}/health`)).status !== 200; attempt++) {
    if (attempt * pollMs > 5000) throw new Error(`${start.name}: /health never answered 200`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return { url, child, stop: () => child.stop() };
}

export interface Account {
  username: string;
  token: string;
  accessId: string;
}

const PASSWORD = 'bench-password-1';

/** Creates `username` through the admin route and logs it in over HTTP (two scrypt hashes on the server). */
export async function createAccount(context: BenchContext, url: string, username: string): Promise<Account> {
  await expectOk('POST', `${url}/users`, { token: context.adminKey, body: { username, password: PASSWORD } });
  const login = await expectOk('POST', `${url}/${username}/auth/login`, { body: { username, password: PASSWORD, appId: 'bench' } });
  const info = await expectOk('GET', `${url}/${username}/access-info`, { token: login.token });
  return { username, token: login.token, accessId: info.access.id };
}

export async function createChannel(url: string, account: Account, channelId: string): Promise<void> {
  await expectOk('POST', `${url}/${account.username}/channels`, { token: account.token, body: { id: channelId, name: `Bench ${channelId}` } });
}

/** Creates root folders with these ids (names alike) in a channel. */
export async function createFolders(url: string, account: Account, channelId: string, ids: readonly string[]): Promise<void> {
  for (const id of ids) await expectOk('POST', `${url}/${account.username}/${channelId}/folders`, { token: account.token, body: { id, name: id } });
}

/** Runs `work` with at most `limit` promises pending: account creation is CPU-bound on the server. */
export async function inBatches<T>(count: number, limit: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await work(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}
