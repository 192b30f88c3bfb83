/** Picks the backend from the configuration: MongoDB when MONGODB_URL is set, else SQLite in DATA_DIR. */
import type { Config } from '../config';
import { openMongoStore } from './mongo/mongo-store';
import { openSqliteStore } from './sqlite/sqlite-store';
import type { Store } from './store';

export interface StoreOptions extends Pick<Config, 'mongodbUrl' | 'dataDir'> {
  /** Progress of long start-up work (importing a previous release's data), for the operator. */
  log?: (message: string, details?: Record<string, unknown>) => void;
  /** The clock of change times, in seconds; tests pass their own (a node whose clock is behind). */
  now?: () => number;
}

export function openStore(options: StoreOptions): Promise<Store> {
  return options.mongodbUrl ? openMongoStore(options.mongodbUrl, options.now) : openSqliteStore(options.dataDir, options.log, { now: options.now });
}
