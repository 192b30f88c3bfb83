/** Serves the published contract: GET /openapi.json (built once at boot) and every JSON Schema at GET /schemas/<$id>. */
import type { Middleware } from 'koa';
import type { MethodRegistry } from '../../registry/method-registry';
import type { Validator } from '../../validation/validator';
import { buildOpenApiDocument } from './openapi-document';

/** Where the contract is served; outside accounts, on every host. */
export const OPENAPI_PATH = '/openapi.json';
export const SCHEMAS_PREFIX = '/schemas/';

/** The middleware answering those GETs; anything else passes through. */
export function contractMiddleware(deps: { registry: MethodRegistry; validator: Validator }, adminEnabled: boolean): Middleware {
  // Built at boot: a schema that cannot be published fails the start, not the first request.
  const files = new Map<string, [type: string, body: string]>([
    [OPENAPI_PATH, ['application/json', JSON.stringify(buildOpenApiDocument(deps.registry, deps.validator, { adminEnabled }))]],
  ]);
  for (const id of deps.validator.schemaIds()) files.set(`${SCHEMAS_PREFIX}${id}`, ['application/schema+json', JSON.stringify(deps.validator.schema(id))]);
  return async (ctx, next) => {
    const file = ctx.method === 'GET' ? files.get(ctx.path) : undefined;
    if (file === undefined) return next();
    ctx.type = file[0];
    ctx.body = file[1];
  };
}
