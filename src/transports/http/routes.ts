/**
 * The API's HTTP routes, generated from the registry: one route per definition, each a thin call to
 * dispatch. Matched by find-my-way (Fastify's router) and answered on Node's own request and
 * response, outside Koa: this is every API call's path, and Koa's context and middleware chain cost
 * more than the whole call (docs/benchmarks.md). What is not an API route goes on to Koa (http-app.ts).
 */
import { IncomingMessage, maxHeaderSize, ServerResponse } from 'node:http';
import querystring from 'node:querystring';
import FindMyWay from 'find-my-way';
import type { Logger } from 'pino';
import { withMeta } from '../../api-version';
import type { Dispatch } from '../../registry/dispatch';
import type { HttpBinding, MethodDefinition } from '../../registry/method-definition';
import type { MethodRegistry } from '../../registry/method-registry';
import { ResultSerializers } from '../../validation/result-serializers';
import type { Validator } from '../../validation/validator';
import { errorAnswer, JSON_TYPE, metaHeaders, requestIdOf } from './answers';
import { queryCoercer } from './coerce-query';
import { tokenOf } from './credentials';
import { readJsonBody } from './read-body';

export interface RouteDeps {
  registry: MethodRegistry;
  dispatch: Dispatch;
  validator: Validator;
  maxBodyBytes: number;
  logger: Logger;
}

/** Path parameters that address the call rather than being params of the method. */
export const ADDRESS_PARAMS: ReadonlySet<string> = new Set(['username', 'cid']);

/** The route path of a definition: below `/:username` (and `/:cid`), or at the root for administration. */
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

/** Answers `req` when it is an API call and says so; false leaves the request untouched. */
export type ApiRoutes = (req: IncomingMessage, res: ServerResponse, path: string, query: string) => boolean;

type PathParams = Record<string, string | undefined>;
/** A route's work: the method's answer as status and JSON, or a rejection with the failure. */
type Answer = (req: IncomingMessage, pathParams: PathParams, query: string, requestId: string) => Promise<[status: number, body: string]>;

export function createApiRoutes(deps: RouteDeps): ApiRoutes {
  // As @koa/router matched before: paths case-insensitive, a trailing slash ignored; ids as long as
  // Node lets a URL be (the params schema bounds them, with a clear error, not the router with a 404).
  const router = FindMyWay({ ignoreTrailingSlash: true, caseSensitive: false, maxParamLength: maxHeaderSize });
  const serializers = new ResultSerializers(deps.validator);
  for (const definition of deps.registry.definitions()) {
    if (!definition.http) continue;
    const verb = definition.http.verb;
    router.on(verb === 'get' ? ['GET', 'HEAD'] : [verb.toUpperCase() as 'POST' | 'PUT' | 'DELETE'], routePath(definition), () => undefined, answerFor(definition, deps, serializers));
  }
  return (req, res, path, query) => {
    const found = router.find(req.method as 'GET', path);
    // find-my-way lets a last parameter be empty (`POST /` as the batch of account ""): no route.
    if (found === null || hasEmptyParam(found.params)) return false;
    const requestId = requestIdOf(req);
    const head = req.method === 'HEAD';
    (found.store as Answer)(req, found.params, query, requestId).then(
      ([status, body]) => writeAnswer(res, status, body, requestId, null, head),
      (error: unknown) => {
        const failure = errorAnswer(error, deps.logger, requestId);
        writeAnswer(res, failure.status, failure.body, requestId, failure.retryAfter, head);
      },
    );
    return true;
  };
}

function answerFor(definition: MethodDefinition, deps: RouteDeps, serializers: ResultSerializers): Answer {
  const http = definition.http!;
  const isAdmin = definition.authentication === 'admin-key';
  // The `auth` query parameter is the token (credentials.ts), never a param.
  const coerceQuery = queryCoercer(definition.paramsSchema, deps.validator, TOKEN_QUERY);
  // Path ids that are params of the method (`:id`), found once from the route's path.
  const pathParams = [...routePath(definition).matchAll(/:(\w+)/g)].map(([, name]) => name).filter((name) => isAdmin || !ADDRESS_PARAMS.has(name));
  const takesQuery = http.verb === 'get' || http.verb === 'delete';
  const status = http.status ?? 200;
  return async (req, address, query, requestId) => {
    const queryValues = query === '' ? EMPTY_QUERY : querystring.parse(query);
    const params = takesQuery ? queryParams(queryValues, coerceQuery, address, pathParams) : await bodyParams(req, http, address, pathParams, deps.maxBodyBytes);
    const methodId = definition.channelScoped ? `${address.cid}.${definition.name}` : definition.name;
    const username = isAdmin ? null : address.username!;
    const result = await deps.dispatch({ methodId, params, username, token: tokenOf(req, queryValues), transport: 'http', requestId, client: req.socket.remoteAddress ?? '' });
    // The JSON of the answer, generated from the result schema (result-serializers.ts).
    return [status, serializers.stringify(definition.resultSchema, withMeta(result))];
  };
}

function hasEmptyParam(params: PathParams): boolean {
  for (const name in params) if (params[name] === '') return true;
  return false;
}

/** One write of the status line, every header and the body (HEAD: no body). */
function writeAnswer(res: ServerResponse, status: number, body: string, requestId: string, retryAfter: string | null, head: boolean): void {
  const headers = metaHeaders(requestId);
  headers.push('Content-Type', JSON_TYPE, 'Content-Length', String(Buffer.byteLength(body)));
  if (retryAfter !== null) headers.push('Retry-After', retryAfter);
  res.writeHead(status, headers);
  res.end(head ? undefined : body);
}

const TOKEN_QUERY: ReadonlySet<string> = new Set(['auth']);
const EMPTY_QUERY: querystring.ParsedUrlQuery = Object.freeze(Object.create(null) as querystring.ParsedUrlQuery);

/** Query plus path ids (GET, DELETE), shaped as the method's params: nothing to wait for. */
function queryParams(query: querystring.ParsedUrlQuery, coerceQuery: ReturnType<typeof queryCoercer>, address: PathParams, pathParams: readonly string[]): Record<string, unknown> {
  const params = query === EMPTY_QUERY ? {} : coerceQuery(query);
  for (const name of pathParams) params[name] = address[name];
  return params;
}

/** The body plus path ids (POST, PUT), shaped as the method's params. */
async function bodyParams(req: IncomingMessage, http: HttpBinding, address: PathParams, pathParams: readonly string[], maxBodyBytes: number): Promise<unknown> {
  const ids: Record<string, string | undefined> = {};
  for (const name of pathParams) ids[name] = address[name];
  const body = await readJsonBody(req, maxBodyBytes);
  // Only a missing body means "change nothing"; `null` is refused by the schema like any non-object.
  if (http.body === 'update') return { ...ids, update: body === undefined ? {} : body };
  if (Array.isArray(body)) return body;
  if (body !== undefined && (body === null || typeof body !== 'object')) return body;
  // A spread, not Object.assign: a body's own `__proto__` key must stay a key, not set a prototype.
  return { ...(body as object | undefined), ...ids };
}
