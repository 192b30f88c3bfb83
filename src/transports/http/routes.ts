/** HTTP routes generated from the registry: one route per definition, each a thin call to dispatch. */
import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import { withMeta } from '../../api-version';
import type { Dispatch } from '../../registry/dispatch';
import type { HttpBinding, HttpVerb, MethodDefinition } from '../../registry/method-definition';
import type { MethodRegistry } from '../../registry/method-registry';
import { ResultSerializers } from '../../validation/result-serializers';
import type { Validator } from '../../validation/validator';
import { queryCoercer } from './coerce-query';
import { tokenOf } from './credentials';
import { readJsonBody } from './read-body';

export interface RouteDeps {
  registry: MethodRegistry;
  dispatch: Dispatch;
  validator: Validator;
  maxBodyBytes: number;
}

/** Path parameters that address the call rather than being params of the method. */
export const ADDRESS_PARAMS: ReadonlySet<string> = new Set(['username', 'cid']);

/** The Koa path of a definition: below `/:username` (and `/:cid`), or at the root for administration. */
export function routePath(definition: MethodDefinition): string {
  const http = definition.http!;
  const prefix = definition.authentication === 'admin-key' ? '' : definition.channelScoped ? '/:username/:cid' : '/:username';
  // `/:username` + `/` would need the trailing slash; the batch route is the account root itself.
  return http.path === '/' ? prefix || '/' : `${prefix}${http.path}`;
}

/** The same path as an OpenAPI path template (`/{username}/channels/{id}`). */
export function openApiPath(definition: MethodDefinition): string {
  return routePath(definition).replace(/:(\w+)/g, '{$1}');
}

/** One router per verb: @koa/router tests every route's pattern of its router on each request. */
export type Routers = Record<HttpVerb, Router>;

export function createRouters(deps: RouteDeps): Routers {
  const routers: Routers = { get: new Router(), post: new Router(), put: new Router(), delete: new Router() };
  const serializers = new ResultSerializers(deps.validator);
  // Administration routes first: `POST /users` must not be taken for a batch call to account "users".
  const definitions = deps.registry.definitions();
  const ordered = [...definitions.filter((d) => d.authentication === 'admin-key'), ...definitions.filter((d) => d.authentication !== 'admin-key')];
  for (const definition of ordered) {
    const http = definition.http;
    if (!http) continue;
    const isAdmin = definition.authentication === 'admin-key';
    const path = routePath(definition);
    // The `auth` query parameter is the token (credentials.ts), never a param.
    const coerceQuery = queryCoercer(definition.paramsSchema, deps.validator, TOKEN_QUERY);
    // Path ids that are params of the method (`:id`), found once from the route's path.
    const pathParams = [...path.matchAll(/:(\w+)/g)].map(([, name]) => name).filter((name) => isAdmin || !ADDRESS_PARAMS.has(name));
    const takesQuery = http.verb === 'get' || http.verb === 'delete';
    routers[http.verb][http.verb](path, async (ctx) => {
      const username = isAdmin ? null : ctx.params.username;
      const methodId = definition.channelScoped ? `${ctx.params.cid}.${definition.name}` : definition.name;
      const params = takesQuery ? queryParams(ctx, coerceQuery, pathParams) : await bodyParams(ctx, http, pathParams, deps.maxBodyBytes);
      const result = await deps.dispatch({ methodId, params, username, token: tokenOf(ctx), transport: 'http', requestId: ctx.state.requestId as string, client: ctx.ip });
      ctx.status = http.status ?? 200;
      // The JSON Koa would write for the object, generated from the result schema (result-serializers.ts).
      ctx.type = 'json';
      ctx.body = serializers.stringify(definition.resultSchema, withMeta(result));
    });
  }
  return routers;
}

type RoutesMiddleware = ReturnType<Router['routes']>;

/** Hands a request to its verb's router (HEAD to GET's, as @koa/router does); other methods find no route. */
export function routeByMethod(routers: Routers): Middleware {
  const get = routers.get.routes();
  const byMethod = new Map<string, RoutesMiddleware>([
    ['GET', get],
    ['HEAD', get],
    ['POST', routers.post.routes()],
    ['PUT', routers.put.routes()],
    ['DELETE', routers.delete.routes()],
  ]);
  return (ctx, next) => {
    const routes = byMethod.get(ctx.method);
    return routes ? routes(ctx as Parameters<RoutesMiddleware>[0], next) : next();
  };
}

const TOKEN_QUERY: ReadonlySet<string> = new Set(['auth']);

/** Query plus path ids (GET, DELETE), shaped as the method's params: nothing to wait for. */
function queryParams(ctx: Context, coerceQuery: ReturnType<typeof queryCoercer>, pathParams: readonly string[]): Record<string, unknown> {
  // Without a query string Koa's `ctx.query` would still parse one (and cache it per request).
  const params = ctx.querystring === '' ? {} : coerceQuery(ctx.query);
  for (const name of pathParams) params[name] = (ctx.params as Record<string, string>)[name];
  return params;
}

/** The body plus path ids (POST, PUT), shaped as the method's params. */
async function bodyParams(ctx: Context, http: HttpBinding, pathParams: readonly string[], maxBodyBytes: number): Promise<unknown> {
  const ids: Record<string, string> = {};
  for (const name of pathParams) ids[name] = (ctx.params as Record<string, string>)[name];
  const body = await readJsonBody(ctx.req, maxBodyBytes);
  // Only a missing body means "change nothing"; `null` is refused by the schema like any non-object.
  if (http.body === 'update') return { ...ids, update: body === undefined ? {} : body };
  if (Array.isArray(body)) return body;
  if (body !== undefined && (body === null || typeof body !== 'object')) return body;
  // A spread, not Object.assign: a body's own `__proto__` key must stay a key, not set a prototype.
  return { ...(body as object | undefined), ...ids };
}
