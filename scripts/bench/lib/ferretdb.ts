/**
 * FerretDB for the MongoDB scenarios, started through the project's own scripts/ci/ferretdb.sh (the
 * same build and flags as CI). A bash process holds it: closing that bash's stdin (or the benchmark
 * dying) makes it run ferretdb_stop, which kills FerretDB and removes its data dir.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { PACKAGE_ROOT } from './context';

const HOLDER = `
source scripts/ci/ferretdb.sh
trap ferretdb_stop EXIT
trap 'exit 0' TERM INT
ferretdb_start >&2 || exit 1
echo "READY $MONGODB_URL $FERRETDB_PID $FERRETDB_DIR"
while read -r _; do :; done
`;

let holder: ChildProcess | null = null;
let running: { url: string; pid: number; dir: string } | null = null;

/** Starts FerretDB (building it first if this machine never did: minutes); resolves with its URL and pid. */
export function startFerretdb(timeoutMs = 15 * 60_000): Promise<{ url: string; pid: number }> {
  const child = spawn('bash', ['-c', HOLDER], { cwd: PACKAGE_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  holder = child;
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`FerretDB did not start in ${timeoutMs} ms:\n${errors}`)), timeoutMs);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /READY (\S+) (\d+) (\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      running = { url: match[1], pid: Number(match[2]), dir: match[3] };
      resolve({ url: running.url, pid: running.pid });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!running) reject(new Error(`FerretDB did not start (exit ${code}):\n${errors}`));
      holder = null;
    });
  });
}

/** Ends FerretDB through its holder (ferretdb_stop); a no-op when it is not running. */
export async function stopFerretdb(): Promise<void> {
  const child = holder;
  if (!child) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin!.end();
  const timer = setTimeout(() => child.kill('SIGTERM'), 5000);
  await exited;
  clearTimeout(timer);
  running = null;
}

/** Synchronous last resort for an `exit` handler: kill FerretDB itself (its holder cannot run traps in time). */
export function killFerretdbNow(): void {
  if (running) {
    try {
      process.kill(running.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    fs.rmSync(running.dir, { recursive: true, force: true });
  }
  holder?.kill('SIGKILL');
}
