/**
 * The Koa application behind the door (http-door.ts): what is not an API call. Operational routes
 * (`/health`, `/metrics`), the published contract, and the `invalid-method` answer for anything else,
 * with the same meta headers and error bodies as the API routes.
 */
import Router from '@koa/router';
import Koa from 'koa';
import type { Logger } from 'pino';
import { responseMeta } from '../../api-version';
import { raceDeadline } from '../../availability/store-deadline';
import { ApiError } from '../../errors';
import type { Metrics } from '../../metrics/metrics';
import type { MethodRegistry } from '../../registry/method-registry';
import type { Validator } from '../../validation/validator';
import { errorAnswer, metaHeaders, requestIdOf } from './answers';
import { contractMiddleware } from './published-routes';

export interface OperationsDeps {
  registry: MethodRegistry;
  validator: Validator;
  logger: Logger;
  metrics: Metrics;
  /** Whether account administration is served (its routes are published only then). */
  adminEnabled: boolean;
  /** Resolves when the store answers; used by GET /health. */
  ping(): Promise<void>;
  /** The Redis bus state for GET /health, null on a single node. */
  busStatus(): string | null;
}

/** How long GET /health waits for the store before answering 503. */
const HEALTH_TIMEOUT_MS = 800;

export function createHttpApp(deps: OperationsDeps): Koa {
  const app = new Koa();
  app.proxy = false;

  app.use(async (ctx, next) => {
    const requestId = requestIdOf(ctx.req);
    const headers = metaHeaders(requestId);
    for (let i = 0; i < headers.length; i += 2) ctx.set(headers[i], headers[i + 1]);
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new ApiError('invalid-method', `No method at ${ctx.method} ${ctx.path}`);
    } catch (error) {
      const failure = errorAnswer(error, deps.logger, requestId);
      ctx.status = failure.status;
      ctx.type = 'json';
      ctx.body = failure.body;
      if (failure.retryAfter !== null) ctx.set('Retry-After', failure.retryAfter);
    }
  });

  app.use(contractMiddleware(deps, deps.adminEnabled));
  const router = new Router();
  router.get('/health', async (ctx) => {
    try {
      // Bounded below a second whatever the store's own timeouts: probes must hear 503, not hang.
      await raceDeadline(deps.ping(), HEALTH_TIMEOUT_MS, 'store.ping');
    } catch {
      throw new ApiError('api-unavailable', 'The store does not answer');
    }
    const bus = deps.busStatus();
    // Without Redis a node still serves its own sockets, so the bus state is reported but not fatal.
    ctx.body = { status: 'ok', ...(bus === null ? {} : { redis: bus }), meta: responseMeta() };
  });
  router.get('/metrics', async (ctx) => {
    ctx.type = deps.metrics.contentType;
    ctx.body = await deps.metrics.render();
  });
  app.use(router.routes());
  return app;
}
