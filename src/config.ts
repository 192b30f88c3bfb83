/** The only reader of process.env: turns the environment into a frozen, typed Config. */
import path from 'node:path';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly mongodbUrl: string | null;
  readonly dataDir: string;
  readonly redisUrl: string | null;
  readonly adminKey: string | null;
  readonly jwtSecret: string | null;
  readonly domain: string | null;
  readonly corsOrigins: readonly string[];
  readonly maxResults: number;
  readonly maxBodyBytes: number;
  /** Socket.IO reads messages up to this size (to answer `request-too-large`); above it, it hangs up. */
  readonly maxSocketBufferBytes: number;
  /** Levels of arrays and objects a call's params may nest (free-form JSON included). */
  readonly maxNestingDepth: number;
  /** Characters of any string, and of any object key, in a call's params. */
  readonly maxStringLength: number;
  readonly maxKeyLength: number;
  /** Items of any array and keys of any object in a call's params. */
  readonly maxItems: number;
  /** Calls in one callBatch, and characters of JSON its results may add up to. */
  readonly maxBatchCalls: number;
  readonly maxBatchResultBytes: number;
  /** The change log keeps at least this many of an account's latest changes... */
  readonly changesMaxCount: number;
  /** ...and drops changes older than this (seconds); the newest change is always kept. */
  readonly changesMaxAgeSeconds: number;
  /** Milliseconds a MongoDB store call may wait before the caller gets `api-unavailable`. */
  readonly storeTimeoutMs: number;
  /** How long a SIGTERM may take (seconds): calls in flight answer, then Redis and the store close. */
  readonly shutdownTimeoutSeconds: number;
  readonly logLevel: string;
  /** Rate limits (0 switches one off): the window (seconds) of the three counters below... */
  readonly rateWindowSeconds: number;
  /** ...calls per access (each call of a batch counts), `command` messages per socket, socket connections per IP. */
  readonly rateCallsPerAccess: number;
  readonly rateCommandsPerSocket: number;
  readonly rateConnectionsPerIp: number;
  /** Consecutive failed logins of an account before each further attempt waits 1, 2, 4... seconds, up to loginMaxDelaySeconds. */
  readonly loginFailuresPerAccount: number;
  readonly loginMaxDelaySeconds: number;
  /** Failed logins per IP address and hour. */
  readonly loginFailuresPerIp: number;
  /** Realtime calls (join, leave, post...) per connection (per access over HTTP) and RATE_WINDOW. */
  readonly rateRealtimePerConnection: number;
  /** Bytes of a realtime message once serialised as JSON. */
  readonly realtimeMaxMessageBytes: number;
  /** Groups one connection may be in at once. */
  readonly realtimeMaxGroups: number;
  /** With Redis: how long a silent node keeps its connections in presence (milliseconds). */
  readonly realtimeNodeTimeoutMs: number;
}

type Env = Record<string, string | undefined>;

/** Reads the configuration of SPEC §7; `overrides` lets tests start servers without touching process.env. */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const config: Config = {
    port: integer(env, 'PORT', 3000),
    host: text(env, 'HOST') ?? '127.0.0.1',
    mongodbUrl: text(env, 'MONGODB_URL'),
    dataDir: path.resolve(text(env, 'DATA_DIR') ?? './var'),
    redisUrl: text(env, 'REDIS_URL'),
    adminKey: text(env, 'ADMIN_KEY'),
    jwtSecret: text(env, 'JWT_SECRET'),
    domain: text(env, 'DOMAIN')?.toLowerCase() ?? null,
    corsOrigins: (text(env, 'CORS_ORIGINS') ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    maxResults: integer(env, 'MAX_RESULTS', 10000),
    maxBodyBytes: integer(env, 'MAX_BODY_BYTES', 1048576),
    maxSocketBufferBytes: integer(env, 'MAX_SOCKET_BUFFER_BYTES', 8 * 1048576),
    maxNestingDepth: integer(env, 'MAX_NESTING_DEPTH', 32),
    maxStringLength: integer(env, 'MAX_STRING_LENGTH', 1048576),
    maxKeyLength: integer(env, 'MAX_KEY_LENGTH', 1000),
    maxItems: integer(env, 'MAX_ITEMS', 100000),
    maxBatchCalls: integer(env, 'MAX_BATCH_CALLS', 100),
    maxBatchResultBytes: integer(env, 'MAX_BATCH_RESULT_BYTES', 16777216),
    changesMaxCount: integer(env, 'CHANGES_MAX_COUNT', 100000),
    changesMaxAgeSeconds: integer(env, 'CHANGES_MAX_AGE', 30 * 24 * 3600),
    storeTimeoutMs: integer(env, 'STORE_TIMEOUT_MS', 3000),
    shutdownTimeoutSeconds: integer(env, 'SHUTDOWN_TIMEOUT', 10),
    logLevel: text(env, 'LOG_LEVEL') ?? 'info',
    rateWindowSeconds: integer(env, 'RATE_WINDOW', 60),
    rateCallsPerAccess: integer(env, 'RATE_CALLS_PER_ACCESS', 6000),
    rateCommandsPerSocket: integer(env, 'RATE_COMMANDS_PER_SOCKET', 6000),
    rateConnectionsPerIp: integer(env, 'RATE_CONNECTIONS_PER_IP', 600),
    loginFailuresPerAccount: integer(env, 'LOGIN_FAILURES_PER_ACCOUNT', 5),
    loginMaxDelaySeconds: integer(env, 'LOGIN_MAX_DELAY', 900),
    loginFailuresPerIp: integer(env, 'LOGIN_FAILURES_PER_IP', 100),
    rateRealtimePerConnection: integer(env, 'RATE_REALTIME_PER_CONNECTION', 600),
    realtimeMaxMessageBytes: integer(env, 'REALTIME_MAX_MESSAGE_BYTES', 8192),
    realtimeMaxGroups: integer(env, 'REALTIME_MAX_GROUPS', 100),
    realtimeNodeTimeoutMs: integer(env, 'REALTIME_NODE_TIMEOUT_MS', 10000),
    ...overrides,
  };
  return Object.freeze(config);
}

function text(env: Env, name: string): string | null {
  const value = env[name];
  return value === undefined || value.trim() === '' ? null : value.trim();
}

function integer(env: Env, name: string, fallback: number): number {
  const value = text(env, name);
  if (value === null) return fallback;
  const parsed = Number(value);
  // A typo in the environment must stop the boot, not silently become NaN limits.
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return parsed;
}
