/**
 * The processes and temp dirs a benchmark run owns. Every server runs in a child process (pinned to
 * the server core when the machine has two), and everything registered here is stopped and removed
 * on the way out, whether the run ends well, throws, or is interrupted.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const children = new Set<BenchChild>();
const tempDirs = new Set<string>();

/** taskset exists and there are two cores: servers get core 0, the load generator core 1. */
export const CAN_PIN = os.availableParallelism() >= 2 && hasTaskset();
export const SERVER_CORE = 0;
export const CLIENT_CORE = 1;

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Pins every thread of a running process to one core; no-op where pinning is unavailable. */
export function pinProcess(pid: number, core: number): void {
  if (CAN_PIN) execFileSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' });
}

export interface ChildOptions {
  name: string;
  /** The JavaScript file to run. */
  script: string;
  env?: Record<string, string>;
  /** Node flags, e.g. `--expose-gc` or `-r <hook>`. */
  nodeArgs?: string[];
  /** Core to pin to from the first instruction (via taskset), or null to leave it free. */
  core?: number | null;
  /** Where the child's stdout and stderr go; printed when the child dies unexpectedly. */
  logDir: string;
}

type Reply = Record<string, unknown>;

/** One child process with an IPC channel for requests (gc, memory, load runs) and a log file. */
export class BenchChild {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(reply: Reply): void; reject(error: Error): void }>();
  readonly exited: Promise<number | null>;
  private stopping = false;

  private constructor(
    readonly name: string,
    private readonly process: ChildProcess,
    readonly logFile: string,
  ) {
    children.add(this);
    process.on('message', (message: Reply) => {
      const waiter = this.pending.get(message.id as number);
      if (!waiter) return;
      this.pending.delete(message.id as number);
      if (typeof message.error === 'string') waiter.reject(new Error(`${name}: ${message.error}`));
      else waiter.resolve(message);
    });
    this.exited = new Promise((resolve) =>
      process.once('exit', (code) => {
        children.delete(this);
        const reason = new Error(`${name} exited (code ${code}); its log:\n${tail(logFile)}`);
        for (const waiter of this.pending.values()) waiter.reject(reason);
        this.pending.clear();
        if (!this.stopping) console.error(reason.message);
        resolve(code);
      }),
    );
  }

  static start(options: ChildOptions): BenchChild {
    const logFile = path.join(options.logDir, `${options.name}.log`);
    const log = fs.openSync(logFile, 'a');
    const nodeCommand = [process.execPath, ...(options.nodeArgs ?? []), options.script];
    const pinned = CAN_PIN && options.core !== undefined && options.core !== null;
    const [command, ...args] = pinned ? ['taskset', '-c', String(options.core), ...nodeCommand] : nodeCommand;
    const child = spawn(command, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', log, log, 'ipc'] });
    fs.closeSync(log);
    return new BenchChild(options.name, child, logFile);
  }

  get pid(): number {
    return this.process.pid!;
  }

  /** Sends `message` and resolves with the child's reply (`{id, ...}`); rejects when it answers `{error}` or dies. */
  request(message: Reply, timeoutMs = 120_000): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: no answer to ${String(message.type)} in ${timeoutMs} ms`));
      }, timeoutMs);
      const done = <T>(settle: (value: T) => void) => (value: T) => {
        clearTimeout(timer);
        settle(value);
      };
      this.pending.set(id, { resolve: done(resolve), reject: done(reject) });
      // With a callback a closed channel (the child is being stopped) is reported here, not thrown as an 'error' event.
      this.process.send({ ...message, id }, (error) => {
        if (!error) return;
        this.pending.delete(id);
        done(reject)(error);
      });
    });
  }

  /** SIGTERM (the servers close cleanly on it), SIGKILL after a grace period. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.stopping = true;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** For the last-chance synchronous cleanup in an `exit` handler. */
  kill(): void {
    this.stopping = true;
    this.process.kill('SIGKILL');
  }
}

/** Resolves once something accepts TCP connections on `port`; fails when `child` dies first or time runs out. */
export async function waitForPort(port: number, child: BenchChild, timeoutMs = 30_000, pollMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void child.exited.then(() => (dead = true));
  while (Date.now() < deadline) {
    if (dead) throw new Error(`${child.name} died before listening; its log:\n${tail(child.logFile)}`);
    if (await canConnect(port)) return;
    await sleep(pollMs);
  }
  throw new Error(`${child.name} did not listen on ${port} within ${timeoutMs} ms; its log:\n${tail(child.logFile)}`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** A port free right now on 127.0.0.1 (the child binds it a moment later; a clash fails loudly in waitForPort). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A fresh temp dir, removed by {@link cleanUp}. */
export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `logbook-bench-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Stops every child still running and removes every temp dir. */
export async function cleanUp(): Promise<void> {
  await Promise.all([...children].map((child) => child.stop().catch(() => child.kill())));
  cleanUpNow();
}

/** Synchronous last resort (process `exit`): SIGKILL what is left, remove the temp dirs. */
export function cleanUpNow(): void {
  for (const child of children) child.kill();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
