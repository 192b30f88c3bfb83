/** The single path every call takes: resolve, authenticate, validate, authorize, run; and the one error boundary. */
import { timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { Authenticator, Caller } from '../access/authenticate';
import { ApiError } from '../errors';
import type { RateLimits } from '../limits/rate-limits';
import type { CallStats } from '../metrics/call-stats';
import type { Metrics } from '../metrics/metrics';
import { StoreUnavailableError } from '../storage/store';
import { assertWithinBounds, type InputBounds } from '../validation/input-bounds';
import type { Validator } from '../validation/validator';
import type { CallContext, Transport } from './call-context';
import type { MethodDefinition } from './method-definition';
import type { MethodRegistry, ResolvedMethod } from './method-registry';

export interface Call {
  methodId: string;
  params: unknown;
  /** The account addressed; null for account administration. */
  username: string | null;
  token: string | null;
  transport: Transport;
  /** Names the call in the logs: a client's `X-Request-Id`, or one made by the door. */
  requestId?: string;
  /** The caller's address, for per-address limits (failed logins); absent for a worker. */
  client?: string | null;
  /** The socket connection the call came on, for methods that act on it (realtime groups). */
  connectionId?: string | null;
}

export interface DispatchDeps {
  registry: MethodRegistry;
  validator: Validator;
  authenticator: Authenticator;
  adminKey: string | null;
  logger: Logger;
  metrics: Metrics;
  /** Checked on every call's params before anything else runs. */
  inputBounds: InputBounds;
  /** Calls per access and login attempts; none in tests that build a bare dispatch. */
  limits?: RateLimits;
  /** Seconds since the epoch; injectable so tests can move time. */
  clock?: () => number;
}

export type Dispatch = (call: Call) => Promise<unknown>;

/** Hands a call's outcome to its door: an ApiError, or null and the result. */
export type CallAnswer = (error: ApiError | null, result?: unknown) => void;

/**
 * Dispatch as the socket door uses it: the answer is handed to `answer`, exactly once, straight from
 * the method's own promise. A promise of dispatch's own, and the door's `then` on it, would be two
 * more promises and microtasks on every command (measured: ~0.2 µs of ~8.5 µs per call).
 */
export type AnsweringDispatch = (call: Call, answer: CallAnswer) => void;

/** The promise form of an answering dispatch: HTTP routes, batch calls, workers. */
export function promising(dispatch: AnsweringDispatch): Dispatch {
  return (call) => new Promise((resolve, reject) => dispatch(call, (error, result) => (error === null ? resolve(result) : reject(error))));
}

/** Builds the dispatch function; every failure it answers is an ApiError. */
export function createDispatch(deps: DispatchDeps): AnsweringDispatch {
  const clock = deps.clock ?? (() => Date.now() / 1000);
  // Compiling every params schema at boot makes a broken schema fail the start, not the first call.
  for (const definition of deps.registry.definitions()) deps.validator.compile(definition.paramsSchema);
  // Counted by definition name: channel ids in method ids would make the label set unbounded.
  const statsByTransport = new Map<Transport, Map<MethodDefinition | null, CallStats>>();
  function statsOf(definition: MethodDefinition | null, transport: Transport): CallStats {
    let byDefinition = statsByTransport.get(transport);
    if (!byDefinition) statsByTransport.set(transport, (byDefinition = new Map()));
    let stats = byDefinition.get(definition);
    if (!stats) byDefinition.set(definition, (stats = deps.metrics.callStats(definition?.name ?? 'unknown', transport)));
    return stats;
  }

  /**
   * Everything before the method's own promise. Synchronous (no promise of its own) when the token was
   * checked less than a second ago and the limits count in memory: a busy socket's call then waits
   * only for its method.
   */
  function start(resolved: ResolvedMethod, call: Call, now: number): Promise<unknown> {
    const { definition } = resolved;
    // First, before any work: a hostile shape must cost no more than its bytes.
    assertWithinBounds(call.params, deps.inputBounds);
    // A batch runs as a token's caller: a login in it would guess passwords under that token's limits.
    if (definition.authentication === 'none' && call.transport === 'batch') throw new ApiError('invalid-operation', `${definition.name} cannot be called in a batch`);
    if (definition.authentication === 'token') {
      const caller = deps.authenticator.remembered(call.username!, call.token, now);
      if (caller === null) return authenticateThenRun(resolved, call, now);
      const counted = deps.limits?.consumeCall(caller.access.id, now * 1000);
      return counted === undefined ? runAs(resolved, call, caller, now) : counted.then(() => runAs(resolved, call, caller, now));
    }
    // A method without a token (auth.login) answers an unknown account itself, with the work and the
    // answer of a wrong password: a quick `unknown-resource` here would tell which usernames exist.
    if (definition.authentication !== 'none') checkAdminKey(deps.adminKey, call.token);
    return runAs(resolved, call, null, now);
  }

  async function authenticateThenRun(resolved: ResolvedMethod, call: Call, now: number): Promise<unknown> {
    const caller = await deps.authenticator.authenticate(call.username!, call.token, now);
    await deps.limits?.consumeCall(caller.access.id, now * 1000);
    return runAs(resolved, call, caller, now);
  }

  function runAs({ definition, channelId }: ResolvedMethod, call: Call, caller: Caller | null, now: number): Promise<unknown> {
    deps.validator.assert(definition.paramsSchema, call.params);
    const context: CallContext = { username: call.username ?? '', channelId, caller, token: call.token, now, transport: call.transport, connectionId: call.connectionId ?? null };
    definition.authorize?.(call.params, context);
    if (definition.authentication === 'none' && deps.limits) return deps.limits.guardLogin(context.username, call.client ?? null, () => definition.run(call.params, context));
    return definition.run(call.params, context);
  }

  function finished(call: Call, stats: CallStats, outcome: string, started: number): void {
    const seconds = (performance.now() - started) / 1000;
    stats.record(outcome, seconds);
    // One line per call at debug level (LOG_LEVEL=debug); never the token or the params.
    if (deps.logger.isLevelEnabled('debug')) deps.logger.debug({ requestId: call.requestId, method: call.methodId, transport: call.transport, outcome, ms: seconds * 1000 }, 'call');
  }

  function failed(call: Call, stats: CallStats, error: unknown, started: number): ApiError {
    const apiError = toApiError(error, deps.logger, call);
    finished(call, stats, apiError.id, started);
    return apiError;
  }

  return (call, answer) => {
    const started = performance.now();
    const resolved = resolveFor(deps.registry, call);
    const stats = statsOf(resolved?.definition ?? null, call.transport);
    let running: Promise<unknown>;
    try {
      if (!resolved) throw new ApiError('invalid-method', `Unknown method "${call.methodId}"`);
      running = start(resolved, call, clock());
    } catch (error) {
      answer(failed(call, stats, error, started));
      return;
    }
    running.then(
      (result) => {
        finished(call, stats, 'ok', started);
        answer(null, result);
      },
      (error: unknown) => answer(failed(call, stats, error, started)),
    );
  };
}

/** Administration exists only as HTTP routes outside accounts; account methods only inside one. */
function resolveFor(registry: MethodRegistry, call: Call): ResolvedMethod | null {
  const resolved = registry.resolve(call.methodId);
  if (!resolved) return null;
  const isAdmin = resolved.definition.authentication === 'admin-key';
  const outsideAccount = call.username === null;
  if (isAdmin !== outsideAccount || (isAdmin && call.transport !== 'http')) return null;
  return resolved;
}

/** The error boundary: ApiErrors pass, a lost store is `api-unavailable`, anything else is logged and hidden. */
export function toApiError(error: unknown, logger: Logger, call?: Partial<Call>): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof StoreUnavailableError) {
    logger.warn({ err: error, method: call?.methodId, requestId: call?.requestId }, 'store unavailable');
    return new ApiError('api-unavailable', 'The service is temporarily unavailable; retry later');
  }
  logger.error({ err: error, method: call?.methodId, requestId: call?.requestId }, 'unexpected error');
  return new ApiError('unexpected-error', 'An unexpected error occurred');
}

function checkAdminKey(adminKey: string | null, presented: string | null): void {
  // With no ADMIN_KEY configured the administration routes do not exist.
  if (adminKey === null) throw new ApiError('invalid-method', 'Account administration is disabled');
  if (!presented) throw new ApiError('invalid-access-token', 'The admin key is required', undefined, 401);
  const expected = Buffer.from(adminKey);
  const actual = Buffer.from(presented);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw new ApiError('invalid-access-token', 'The admin key is invalid');
}
