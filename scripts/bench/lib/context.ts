/** What every scenario shares: options, paths of the compiled servers, secrets, the log. */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { BenchOptions } from '../options';
import type { Comparison } from './results';

/** dist/, found from this compiled file (dist/scripts/bench/lib/context.js). */
export const DIST_ROOT = path.resolve(__dirname, '..', '..', '..');
export const BENCH_DIST = path.join(DIST_ROOT, 'scripts', 'bench');
export const PACKAGE_ROOT = path.resolve(DIST_ROOT, '..');

export interface BenchContext {
  options: BenchOptions;
  /** Where child logs and per-scenario data dirs go; removed at the end. */
  workDir: string;
  /** One signing secret for every Logbook start of the run, so tokens survive restarts. */
  jwtSecret: string;
  adminKey: string;
  /** FerretDB's URL without a database name (`mongodb://127.0.0.1:port/`), or null when it could not start. */
  mongoBaseUrl: string | null;
  ferretdbPid: number | null;
  results: Comparison[];
  /** Markdown sections a scenario adds after the results (tables that are not comparisons). */
  sections: string[];
  log(line: string): void;
}

export function newSecrets(): { jwtSecret: string; adminKey: string } {
  return { jwtSecret: randomBytes(32).toString('base64url'), adminKey: randomBytes(16).toString('hex') };
}

/** `mongodb://host:port/<database>` for a scenario's own database (FerretDB scans whole tables: keep them apart). */
export function mongoUrlFor(context: BenchContext, database: string): string {
  if (!context.mongoBaseUrl) throw new Error('FerretDB is not running');
  return `${context.mongoBaseUrl.replace(/\/$/, '')}/${database}`;
}
