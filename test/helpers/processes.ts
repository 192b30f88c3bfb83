/** Real child processes for tests: Logbook nodes (`dist/src/main.js`), the worker CLI, and a Redis server. */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';

const DIST = path.resolve(__dirname, '..', '..', 'src');

/** A port nobody listens on right now: bound on port 0, then released for the child to take. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** `promise`, or a failure naming `what` after `timeoutMs`. */
export function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms`)), timeoutMs)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves with how the process ended, once it has; fails after `timeoutMs`. */
export function exited(child: ChildProcess, timeoutMs = 10000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return within(new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))), timeoutMs, 'process exit');
}

/** Spawns `command` and resolves once a stdout or stderr line contains `readyText`; fails if it exits first. */
export async function spawnUntil(command: string, args: string[], env: NodeJS.ProcessEnv, readyText: string, timeoutMs = 15000): Promise<ChildProcess> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`no "${readyText}" within ${timeoutMs} ms`)), timeoutMs);
    const onExit = (code: number | null, signal: string | null) => fail(new Error(`${command} exited (code ${code}, signal ${signal}) before "${readyText}"`));
    function fail(error: Error): void {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}; output:\n${output.join('')}`));
    }
    child.once('exit', onExit);
    child.once('error', fail);
    for (const stream of [child.stdout!, child.stderr!]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        output.push(`${line}\n`);
        if (line.includes(readyText)) {
          clearTimeout(timer);
          child.off('exit', onExit);
          resolve();
        }
      });
    }
  });
  return child;
}

export interface NodeProcess {
  url: string;
  child: ChildProcess;
  /** SIGTERM (or `signal`) and wait for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node dist/src/main.js` with `env` (PORT is picked here) and waits for "Logbook is listening". */
export async function startNodeProcess(env: Record<string, string>): Promise<NodeProcess> {
  const port = await freePort();
  const child = await spawnUntil(
    process.execPath,
    [path.join(DIST, 'main.js')],
    { PATH: process.env.PATH, HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env, PORT: String(port) },
    'Logbook is listening',
  );
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited(child);
    },
  };
}

/** Runs the worker CLI (`npm run call`) once and returns its JSON output. */
export function runWorkerCall(env: Record<string, string>, args: string[]): unknown {
  const output = execFileSync(process.execPath, [path.join(DIST, 'cli', 'call.js'), ...args], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 20000,
  });
  return JSON.parse(output);
}

export interface RedisProcess {
  url: string;
  stop(): Promise<void>;
  /** Starts Redis again on the same port (after `stop`). */
  start(): Promise<void>;
}

/** True when a `redis-server` binary is on the PATH. */
export function redisInstalled(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A throwaway Redis on 127.0.0.1 (no persistence), on a free port. */
export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    child = await spawnUntil('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { PATH: process.env.PATH }, 'Ready to accept connections');
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    async stop() {
      if (!child) return;
      child.kill('SIGTERM');
      await exited(child);
      child = null;
    },
  };
}
