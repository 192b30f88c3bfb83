/**
 * The OpenAPI 3.1 document of the HTTP door, generated at boot from the same method definitions and
 * JSON Schemas that route and validate calls, so what is published cannot drift from what is served.
 */
import { API_VERSION } from '../../api-version';
import { ERROR_STATUS } from '../../errors';
import type { MethodDefinition } from '../../registry/method-definition';
import type { MethodRegistry } from '../../registry/method-registry';
import type { Validator } from '../../validation/validator';
import { creationLinks } from './openapi-links';
import { componentRef, JsonSchema, rewriteRefs, schemaComponents } from './openapi-schemas';
import { ADDRESS_PARAMS, openApiPath } from './routes';

export interface OpenApiOptions {
  /** Administration routes exist only when ADMIN_KEY is set. */
  adminEnabled: boolean;
}

const JSON_TYPE = 'application/json';
const USERNAME: JsonSchema = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{3,58}[a-z0-9]$' };
const CHANNEL_ID: JsonSchema = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,100}$' };
const SECURITY = {
  token: [{ token: [] }, { tokenQuery: [] }],
  'admin-key': [{ adminKey: [] }],
  none: [],
} as const;

/** Builds the document; throws at boot when a schema cannot be published. */
export function buildOpenApiDocument(registry: MethodRegistry, validator: Validator, options: OpenApiOptions): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const definition of registry.definitions()) {
    if (!definition.http || (definition.authentication === 'admin-key' && !options.adminEnabled)) continue;
    const path = openApiPath(definition);
    paths[path] = { ...paths[path], [definition.http.verb]: operation(definition, validator, creationLinks(definition, registry.definitions(), validator)) };
  }
  paths['/health'] = { get: healthOperation() };
  paths['/metrics'] = {
    get: { operationId: 'metrics', tags: ['operations'], summary: 'Prometheus metrics', security: [], responses: { 200: { description: 'Prometheus text', content: { 'text/plain': { schema: { type: 'string' } } } } } },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Logbook',
      version: API_VERSION,
      description: 'Realtime activity service: channels, folders and timestamped events. The same methods are served over Socket.IO (`command` with an acknowledgement) and batch calls; see docs/api.md. JSON Schemas are served under /schemas/<path>.',
    },
    paths,
    components: {
      schemas: schemaComponents(validator),
      securitySchemes: {
        token: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'an access token, raw or as `Bearer <token>`' },
        tokenQuery: { type: 'apiKey', in: 'query', name: 'auth', description: 'an access token in the query string' },
        adminKey: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'the ADMIN_KEY of the server' },
      },
    },
  };
}

function operation(definition: MethodDefinition, validator: Validator, links: Record<string, unknown> | undefined): JsonSchema {
  const http = definition.http!;
  const params = validator.schema(definition.paramsSchema);
  const properties = (params.properties ?? {}) as Record<string, JsonSchema>;
  const required = (params.required ?? []) as string[];
  const pathNames = [...http.path.matchAll(/:(\w+)/g)].map((match) => match[1]);
  const isAdmin = definition.authentication === 'admin-key';
  const parameters: JsonSchema[] = [];
  if (!isAdmin) parameters.push(pathParameter('username', USERNAME, 'the account'));
  if (definition.channelScoped) parameters.push(pathParameter('cid', CHANNEL_ID, 'the channel'));
  for (const name of pathNames) parameters.push(pathParameter(name, rewriteRefs(properties[name], definition.paramsSchema)));

  const result: JsonSchema = {
    operationId: definition.name,
    tags: [definition.name.includes('.') ? definition.name.split('.')[0] : 'account'],
    summary: `${definition.channelScoped ? '{cid}.' : ''}${definition.name}`,
    security: SECURITY[definition.authentication],
    parameters,
  };
  const rest = Object.keys(properties).filter((name) => !pathNames.includes(name) && !(ADDRESS_PARAMS.has(name) && !isAdmin));
  if (http.verb === 'get' || http.verb === 'delete') {
    for (const name of rest) {
      const schema = rewriteRefs(properties[name], definition.paramsSchema);
      parameters.push({ name, in: 'query', required: required.includes(name), schema, ...(isArray(properties[name], validator, definition.paramsSchema) ? { style: 'form', explode: true } : {}) });
    }
  } else {
    const body =
      http.body === 'update'
        ? rewriteRefs(properties.update, definition.paramsSchema)
        : pathNames.length === 0
          ? componentRef(definition.paramsSchema)
          : // Without `$id`, which would make the embedded refs resolve against the params file.
            { ...rewriteRefs(withoutId(params), definition.paramsSchema), properties: pick(properties, rest, definition.paramsSchema), required: required.filter((name) => rest.includes(name)) };
    const bodyRequired = http.body !== 'update' && (params.type === 'array' || required.some((name) => rest.includes(name)));
    result.requestBody = { required: bodyRequired, content: { [JSON_TYPE]: { schema: body } } };
  }
  result.responses = {
    [String(http.status ?? 200)]: {
      description: 'the result, with meta',
      content: { [JSON_TYPE]: { schema: { allOf: [componentRef(definition.resultSchema)], required: ['meta'] } } },
      ...(links ? { links } : {}),
    },
    ...errorResponses(errorStatuses(definition)),
  };
  return result;
}

/** The statuses a failure of this operation can have (SPEC §6): the ones every call may meet, and those of what it does. */
function errorStatuses(definition: MethodDefinition): number[] {
  const verb = definition.http!.verb;
  // 413 everywhere: a URL with its headers may outgrow Node's limit on any route.
  const statuses = [400, 401, 403, 404, 413, 500, 503];
  if (verb === 'post' || verb === 'put') statuses.push(409);
  // Rate limits: calls per access, and login attempts (accounts only; administration is not limited).
  if (definition.authentication !== 'admin-key') statuses.push(429);
  if (definition.name === 'changes.get') statuses.push(410);
  return [...new Set(statuses)].sort();
}

/** One response per status, whose error id can only be one of the ids the catalogue gives that status. */
function errorResponses(statuses: number[]): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const status of statuses) {
    // invalid-access-token answers 401 when no token was sent, 403 when a bad one was.
    const ids = Object.entries(ERROR_STATUS)
      .filter(([id, code]) => code === status || (status === 401 && id === 'invalid-access-token'))
      .map(([id]) => id);
    const schema = { allOf: [componentRef('types/error.json', 'errorResponse')], properties: { error: { properties: { id: { enum: ids } } } } };
    responses[String(status)] = { description: ids.join(', '), content: { [JSON_TYPE]: { schema } } };
  }
  return responses;
}

function healthOperation(): JsonSchema {
  const ok = {
    type: 'object',
    additionalProperties: false,
    required: ['status', 'meta'],
    properties: { status: { const: 'ok' }, redis: { description: 'the Redis bus, when REDIS_URL is set', type: 'string' }, meta: componentRef('types/common.json', 'meta') },
  };
  return {
    operationId: 'health',
    tags: ['operations'],
    summary: 'whether the store answers',
    security: [],
    responses: { 200: { description: 'the store answers', content: { [JSON_TYPE]: { schema: ok } } }, ...errorResponses([503]) },
  };
}

function pathParameter(name: string, schema: JsonSchema, description?: string): JsonSchema {
  return { name, in: 'path', required: true, schema, ...(description ? { description } : {}) };
}

function pick(properties: Record<string, JsonSchema>, names: string[], fileId: string): Record<string, JsonSchema> {
  return Object.fromEntries(names.map((name) => [name, rewriteRefs(properties[name], fileId)]));
}

/** Whether a params property is an array, following a `$ref` into another file when it is one. */
function isArray(schema: JsonSchema, validator: Validator, fileId: string): boolean {
  if (schema.type === 'array') return true;
  if (typeof schema.$ref !== 'string') return false;
  const [file, pointer = ''] = schema.$ref.split('#');
  const targetId = file ? new URL(file, `file:///${fileId}`).pathname.slice(1) : fileId;
  let target: unknown = validator.schema(targetId);
  for (const key of pointer.split('/').filter(Boolean)) target = (target as JsonSchema)[key];
  return (target as JsonSchema).type === 'array';
}

function withoutId({ $id: _id, ...schema }: JsonSchema): JsonSchema {
  return schema;
}
