/** HTTP routes generated from the registry: one route per definition, each a thin call to dispatch. */
import Router from '@koa/router';
import type { Context } from 'koa';
import { withMeta } from '../../api-version';
import type { Dispatch } from '../../registry/dispatch';
import type { MethodDefinition } from '../../registry/method-definition';
import type { MethodRegistry } from '../../registry/method-registry';
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

export function createRouter(deps: RouteDeps): Router {
  const router = new Router();
  // Administration routes first: `POST /users` must not be taken for a batch call to account "users".
  const definitions = deps.registry.definitions();
  const ordered = [...definitions.filter((d) => d.authentication === 'admin-key'), ...definitions.filter((d) => d.authentication !== 'admin-key')];
  for (const definition of ordered) {
    const http = definition.http;
    if (!http) continue;
    const isAdmin = definition.authentication === 'admin-key';
    const path = routePath(definition);
    const coerceQuery = queryCoercer(definition.paramsSchema, deps.validator);
    router[http.verb](path, async (ctx) => {
      const username = isAdmin ? null : ctx.params.username;
      const methodId = definition.channelScoped ? `${ctx.params.cid}.${definition.name}` : definition.name;
      const params = await paramsOf(ctx, definition, coerceQuery, deps.maxBodyBytes);
      const result = await deps.dispatch({ methodId, params, username, token: tokenOf(ctx), transport: 'http', requestId: ctx.state.requestId as string, client: ctx.ip });
      ctx.status = http.status ?? 200;
      ctx.body = withMeta(result);
    });
  }
  return router;
}

/** Query (GET, DELETE) or body (POST, PUT) plus path ids, shaped as the method's params. */
async function paramsOf(
  ctx: Context,
  definition: MethodDefinition,
  coerceQuery: ReturnType<typeof queryCoercer>,
  maxBodyBytes: number,
): Promise<unknown> {
  const http = definition.http!;
  const pathParams: Record<string, string> = {};
  for (const [name, value] of Object.entries(ctx.params as Record<string, string>)) {
    if (!ADDRESS_PARAMS.has(name) || definition.authentication === 'admin-key') pathParams[name] = value;
  }
  if (http.verb === 'get' || http.verb === 'delete') {
    const { auth: _token, ...query } = ctx.query;
    return { ...coerceQuery(query), ...pathParams };
  }
  const body = await readJsonBody(ctx.req, maxBodyBytes);
  // Only a missing body means "change nothing"; `null` is refused by the schema like any non-object.
  if (http.body === 'update') return { ...pathParams, update: body === undefined ? {} : body };
  if (Array.isArray(body)) return body;
  if (body !== undefined && (body === null || typeof body !== 'object')) return body;
  return { ...(body as object | undefined), ...pathParams };
}
