/**
 * The HTTP door: Node's request listener. CORS and subdomain hosting when configured, then API calls
 * straight to their route (routes.ts), and everything else to Koa (http-app.ts).
 */
import type { RequestListener } from 'node:http';
import cors from 'cors';
import type { Config } from '../../config';
import { createHttpApp, OperationsDeps } from './http-app';
import { OPENAPI_PATH, SCHEMAS_PREFIX } from './published-routes';
import { createApiRoutes, RouteDeps } from './routes';

export interface HttpDoorDeps extends RouteDeps, Omit<OperationsDeps, 'adminEnabled'> {
  config: Pick<Config, 'domain' | 'corsOrigins' | 'adminKey'>;
}

/** Paths of the service itself, never of an account: Koa serves them. */
const OPERATIONAL_PATHS = new Set(['/health', '/metrics', OPENAPI_PATH]);

function isServicePath(path: string): boolean {
  return OPERATIONAL_PATHS.has(path) || path.startsWith(SCHEMAS_PREFIX);
}

export function createHttpDoor(deps: HttpDoorDeps): RequestListener {
  const koa = createHttpApp({ ...deps, adminEnabled: deps.config.adminKey !== null }).callback();
  const api = createApiRoutes(deps);
  const accountPath = deps.config.domain ? subdomainPaths(deps.config.domain) : null;
  const serve: RequestListener = (req, res) => {
    const url = req.url ?? '/';
    const mark = url.indexOf('?');
    let path = mark === -1 ? url : url.slice(0, mark);
    const query = mark === -1 ? '' : url.slice(mark + 1);
    const hosted = accountPath?.(req.headers.host, path);
    if (hosted) {
      path = hosted;
      req.url = mark === -1 ? path : `${path}?${query}`;
    }
    if (isServicePath(path) || !api(req, res, path, query)) void koa(req, res);
  };

  const allowedOrigins = deps.config.corsOrigins;
  if (allowedOrigins.length === 0) return serve;
  // The same origins and credentials as Socket.IO's `cors` option (socket-server.ts): one policy for both doors.
  const allowCors = cors({
    origin: [...allowedOrigins],
    credentials: true,
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    methods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
    exposedHeaders: ['API-Version', 'Server-Time', 'X-Request-Id'],
  });
  return (req, res) => allowCors(req, res, () => serve(req, res));
}

/** `alice.example.com/channels` is served as `/alice/channels`: one route table for both styles. */
function subdomainPaths(domain: string): (host: string | undefined, path: string) => string | null {
  const suffix = `.${domain}`;
  return (host, path) => {
    const hostname = (host ?? '').split(':', 1)[0].toLowerCase();
    // Account administration (`/users`) lives outside accounts on every host, as the service's own paths do.
    if (!hostname.endsWith(suffix) || isServicePath(path) || path === '/users' || path.startsWith('/users/')) return null;
    return `/${hostname.slice(0, -suffix.length)}${path === '/' ? '' : path}`;
  };
}
