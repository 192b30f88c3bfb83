/**
 * Rate limits against floods and password guessing (rate-limiter-flexible): in memory on one node, in
 * Redis when REDIS_URL is set so that a limit holds across nodes, with an in-memory insurance limiter
 * that takes over while Redis is away (each node then counts on its own until it returns).
 * The limits of one Socket.IO connection are always counted in memory: a connection lives on one node,
 * so its count there is exact, and a command or a message pays no Redis round trip for it.
 */
import { Redis } from 'ioredis';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config';
import { ApiError } from '../errors';
import { WindowCounter } from './window-counter';

/** A counter of `points` per `duration` seconds; `points` 0 switches it off. */
interface LimitOptions {
  keyPrefix: string;
  points: number;
  duration: number;
}

/** What failed logins may cost an account, a window for failures per IP, and how long a lockout may grow. */
const LOGIN_FAILURES_MEMORY_SECONDS = 24 * 3600;

const LOGIN_IP_WINDOW_SECONDS = 3600;

export type RateLimitConfig = Pick<
  Config,
  'rateWindowSeconds' | 'rateCallsPerAccess' | 'rateCommandsPerSocket' | 'rateConnectionsPerIp' | 'rateRealtimePerConnection' | 'loginFailuresPerAccount' | 'loginFailuresPerIp' | 'loginMaxDelaySeconds'
>;

/** Nothing to wait for (counted in this process; a refusal is thrown), or a promise while Redis counts. */
export type Counted = Promise<void> | undefined;

/** A limit counted on every call: synchronously in memory on one node, through Redis across nodes. */
type HotLimit = WindowCounter | RateLimiterAbstract | null;

export class RateLimits {
  private readonly calls: HotLimit;
  private readonly commands: HotLimit;
  private readonly connections: RateLimiterAbstract | null;
  private readonly realtimeOfConnections: HotLimit;
  private readonly realtimeOfAccesses: HotLimit;
  private readonly accountFailures: RateLimiterAbstract | null;
  private readonly accountLock: RateLimiterAbstract | null;
  private readonly ipFailures: RateLimiterAbstract | null;

  /** `redis`: a client of REDIS_URL shared by every limiter, or null to count in this process. */
  constructor(
    private readonly config: RateLimitConfig,
    private readonly redis: Redis | null = null,
  ) {
    const window = config.rateWindowSeconds;
    this.calls = this.hotLimit({ keyPrefix: 'rl:calls', points: config.rateCallsPerAccess, duration: window });
    this.commands = connectionLimit(config.rateCommandsPerSocket, window);
    this.connections = this.limiter({ keyPrefix: 'rl:connections', points: config.rateConnectionsPerIp, duration: window });
    this.realtimeOfConnections = connectionLimit(config.rateRealtimePerConnection, window);
    this.realtimeOfAccesses = this.hotLimit({ keyPrefix: 'rl:realtime', points: config.rateRealtimePerConnection, duration: window });
    const guarded = config.loginFailuresPerAccount > 0;
    // Consecutive failures of an account: forgotten on a success, or a day after the last one.
    this.accountFailures = guarded ? this.limiter({ keyPrefix: 'rl:login-fails', points: Number.MAX_SAFE_INTEGER, duration: LOGIN_FAILURES_MEMORY_SECONDS }) : null;
    this.accountLock = guarded ? this.limiter({ keyPrefix: 'rl:login-lock', points: 1, duration: 1 }) : null;
    this.ipFailures = this.limiter({ keyPrefix: 'rl:login-ip', points: config.loginFailuresPerIp, duration: LOGIN_IP_WINDOW_SECONDS });
  }

  /** Counts one call of an access (each call of a batch counts) at `nowMs` (the call's own clock); throws `too-many-requests` when counted in memory. */
  consumeCall(accessId: string, nowMs?: number): Counted {
    return consumeHot(this.calls, accessId, 'calls for this access', nowMs);
  }

  /** Counts one `command` message of a socket (in memory: throws `too-many-requests`). */
  consumeCommand(socketId: string): void {
    consumeHot(this.commands, socketId, 'commands on this socket');
  }

  /** Counts one realtime call (join, leave, post...) of a connection, or of an access over HTTP; throws `too-many-requests` when counted in memory. */
  consumeRealtime(sender: { cid: string } | { accessId: string }): Counted {
    if ('cid' in sender) return consumeHot(this.realtimeOfConnections, sender.cid, 'realtime calls');
    return consumeHot(this.realtimeOfAccesses, sender.accessId, 'realtime calls');
  }

  /** Counts one socket connection attempt from an address. */
  async consumeConnection(ip: string): Promise<void> {
    await consume(this.connections, ip, 'connections from this address');
  }

  /**
   * Runs a login attempt unless the address has failed too often or the account is locked. The first
   * LOGIN_FAILURES_PER_ACCOUNT consecutive failures are free; each attempt after them takes a lock on
   * the account's logins for 1, 2, 4... seconds (at most LOGIN_MAX_DELAY), so attempts sent at once
   * are refused but the first. Attempts count before they run (a flood cannot slip in while the first
   * hashes) and are given back unless they fail on credentials; a success forgets the failures. The
   * account is the one named, existing or not, so the answers tell nothing about which exist.
   */
  async guardLogin<T>(account: string, ip: string | null, attempt: () => Promise<T>): Promise<T> {
    const byIp = ip === null ? null : this.ipFailures;
    await consume(byIp, ip!, 'failed logins from this address');
    let counted = false;
    try {
      if (this.accountFailures && this.accountLock) {
        const { consumedPoints } = await this.accountFailures.consume(account);
        counted = true;
        const beyond = consumedPoints - this.config.loginFailuresPerAccount;
        const lockSeconds = Math.min(this.config.loginMaxDelaySeconds, 2 ** Math.min(beyond - 1, 30));
        if (beyond > 0) await consume(this.accountLock, account, 'failed logins for this account', { customDuration: lockSeconds });
      }
      const result = await attempt();
      if (counted) await this.accountFailures!.delete(account);
      await byIp?.reward(ip!);
      return result;
    } catch (error) {
      if (!(error instanceof ApiError && error.id === 'invalid-credentials')) {
        if (counted) await this.accountFailures!.reward(account);
        await byIp?.reward(ip!);
      }
      throw error;
    }
  }

  private hotLimit(options: LimitOptions): HotLimit {
    if (options.points <= 0) return null;
    return this.redis ? this.limiter(options) : new WindowCounter(options.points, options.duration);
  }

  private limiter({ keyPrefix, points, duration }: LimitOptions): RateLimiterAbstract | null {
    if (points <= 0) return null;
    const memory = new RateLimiterMemory({ keyPrefix, points, duration });
    // Redis away: the client fails at once (no offline queue) and the insurance limiter counts instead.
    return this.redis ? new RateLimiterRedis({ storeClient: this.redis, keyPrefix, points, duration, insuranceLimiter: memory, rejectIfRedisNotReady: true }) : memory;
  }
}

/** A limit of one connection, counted where it lives; null when switched off. */
function connectionLimit(points: number, duration: number): WindowCounter | null {
  return points > 0 ? new WindowCounter(points, duration) : null;
}

/** Opens the Redis connection the limiters share; commands fail fast while Redis is away. */
export function connectLimitsRedis(url: string): Redis {
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  // Errors are the insurance limiter's cue; the Redis bus already logs an outage.
  client.on('error', () => null);
  return client;
}

function consumeHot(limit: HotLimit, key: string, what: string, nowMs?: number): Counted {
  if (limit === null) return undefined;
  if (!(limit instanceof WindowCounter)) return consume(limit, key, what);
  const msBeforeNext = limit.consume(key, nowMs);
  if (msBeforeNext > 0) throw tooManyAfter(msBeforeNext, what);
  return undefined;
}

async function consume(limiter: RateLimiterAbstract | null, key: string, what: string, options?: { customDuration: number }): Promise<void> {
  if (!limiter) return;
  try {
    await limiter.consume(key, 1, options);
  } catch (error) {
    throw tooMany(error, what);
  }
}

/** `too-many-requests` with `data.retryAfter` in whole seconds; an unexpected limiter failure is passed on. */
function tooMany(error: unknown, what: string): unknown {
  return error instanceof RateLimiterRes ? tooManyAfter(error.msBeforeNext, what) : error;
}

function tooManyAfter(msBeforeNext: number, what: string): ApiError {
  const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new ApiError('too-many-requests', `Too many ${what}; retry in ${retryAfter} s`, { retryAfter });
}
