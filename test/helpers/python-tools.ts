/** Tools from requirements.txt: found in the repository's .venv (made by .ci/run) or on PATH; missing means skipped here, failed under CI. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { packageRoot } from './markdown';

/** The first of `.venv/bin/{name}` and `fallback` (on PATH) for which `probe` args succeed, else null. */
export function findVenvTool(name: string, fallback: string, probe: string[]): string | null {
  for (const candidate of [path.join(packageRoot, '.venv', 'bin', name), fallback]) {
    if (spawnSync(candidate, probe, { stdio: 'ignore' }).status === 0) return candidate;
  }
  return null;
}

/** In a `before` hook: skips the suite when the tool is missing, but fails it under CI=true, where .ci/run installs it. */
export function requireVenvTool(context: Mocha.Context, found: string | null, what: string, suite: string): void {
  if (found) return;
  if (process.env.CI === 'true') throw new Error(`${what} is not installed under CI=true: .ci/run installs requirements.txt into .venv`);
  console.warn(`${what} is not installed (pip install -r requirements.txt): the ${suite} is skipped.`);
  context.skip();
}
