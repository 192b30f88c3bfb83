/** The Koa application: meta headers and error mapping, CORS and subdomain hosting when configured, then the routes. */
import { randomUUID } from 'node:crypto';
import cors from '@koa/cors';
import Koa from 'koa';
import type { Logger } from 'pino';
import { API_VERSION, responseMeta } from '../../api-version';
import { raceDeadline } from '../../availability/store-deadline';
import type { Config } from '../../config';
import { ApiError } from '../../errors';
import type { Metrics } from '../../metrics/metrics';
import { toApiError } from '../../registry/dispatch';
import { contractMiddleware, OPENAPI_PATH, SCHEMAS_PREFIX } from './published-routes';
import { createRouters, routeByMethod, RouteDeps } from './routes';

export interface HttpAppDeps extends RouteDeps {
  config: Pick<Config, 'domain' | 'corsOrigins' | 'adminKey'>;
  logger: Logger;
  metrics: Metrics;
  /** Resolves when the store answers; used by GET /health. */
  ping(): Promise<void>;
  /** The Redis bus state for GET /health, null on a single node. */
  busStatus(): string | null;
}

/** How long GET /health waits for the store before answering 503. */
const HEALTH_TIMEOUT_MS = 800;

/** Paths served on every host, outside accounts. */
const ROOT_PATHS = new Set(['/health', '/metrics', '/users', OPENAPI_PATH]);

export function createHttpApp(deps: HttpAppDeps): Koa {
  const app = new Koa();
  app.proxy = false;

  app.use(async (ctx, next) => {
    // A client's own request id is kept when it is a plain short token; otherwise one is made.
    const given = ctx.get('x-request-id');
    ctx.state.requestId = /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
    ctx.set('X-Request-Id', ctx.state.requestId);
    ctx.set('API-Version', API_VERSION);
    ctx.set('Server-Time', String(Date.now() / 1000));
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new ApiError('invalid-method', `No method at ${ctx.method} ${ctx.path}`);
    } catch (error) {
      const apiError = toApiError(error, deps.logger);
      ctx.status = apiError.status;
      ctx.body = { error: apiError.toBody(), meta: responseMeta() };
      // RFC 9110's header for what data.retryAfter says, for clients and proxies that read only headers.
      const retryAfter = (apiError.data as { retryAfter?: unknown } | undefined)?.retryAfter;
      if (apiError.id === 'too-many-requests' && typeof retryAfter === 'number') ctx.set('Retry-After', String(retryAfter));
    }
  });

  const allowedOrigins = deps.config.corsOrigins;
  if (allowedOrigins.length > 0) {
    // The same origins and credentials as Socket.IO's `cors` option (socket-server.ts): one policy for both doors.
    app.use(
      cors({
        origin: (ctx) => (allowedOrigins.includes(ctx.get('origin')) ? ctx.get('origin') : ''),
        credentials: true,
        allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
        allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
        exposeHeaders: ['API-Version', 'Server-Time', 'X-Request-Id'],
      }),
    );
  }

  if (deps.config.domain) {
    const suffix = `.${deps.config.domain}`;
    app.use(async (ctx, next) => {
      // `alice.example.com/channels` is served as `/alice/channels`: one route table for both styles.
      const host = ctx.hostname.toLowerCase();
      if (host.endsWith(suffix) && !ROOT_PATHS.has(ctx.path) && !ctx.path.startsWith('/users/') && !ctx.path.startsWith(SCHEMAS_PREFIX)) {
        ctx.path = `/${host.slice(0, -suffix.length)}${ctx.path === '/' ? '' : ctx.path}`;
      }
      await next();
    });
  }

  app.use(contractMiddleware(deps, deps.config.adminKey !== null));
  const routers = createRouters(deps);
  // Operational routes, outside accounts; registered after the account routes, which never match them.
  routers.get.get('/health', async (ctx) => {
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
  routers.get.get('/metrics', async (ctx) => {
    ctx.type = deps.metrics.contentType;
    ctx.body = await deps.metrics.render();
  });
  app.use(routeByMethod(routers));
  return app;
}
