/**
 * Holds every answer the test callers receive to what is published: a result to its method's
 * `results/<name>.json`, an error to `types/error.json` with the status of the catalogue.
 */
import type { ValidateFunction } from 'ajv';
import { ERROR_STATUS, ErrorId } from '../../src/errors';
import { parseMethodId } from '../../src/registry/method-id';
import { findSchemasDir, Validator } from '../../src/validation/validator';

const validator = new Validator(findSchemasDir(__dirname));

/** The result schema of a method id; definitions name it `results/<definition name>.json` (meta-test: registry). */
export function resultSchemaOf(methodId: string): string | null {
  const parsed = parseMethodId(methodId);
  return parsed ? `results/${parsed.name}.json` : null;
}

function assertValid(schemaId: string, value: unknown, what: string): void {
  let validate: ValidateFunction;
  try {
    validate = validator.compile(schemaId);
  } catch {
    throw new Error(`${what}: no published schema "${schemaId}" to check it against`);
  }
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('; ');
    throw new Error(`${what} does not match ${schemaId}: ${problems}\n${JSON.stringify(value)}`);
  }
}

/**
 * Checks the result of a successful call. `envelope`: HTTP and socket answers carry `meta`, results
 * inside a batch do not. A batch result is checked call by call against the called methods.
 */
export function checkResult(methodId: string, result: unknown, params: unknown, envelope: boolean): void {
  const schemaId = resultSchemaOf(methodId);
  if (!schemaId) throw new Error(`a result came for the malformed method id "${methodId}"`);
  assertValid(schemaId, result, `the result of ${methodId}`);
  const hasMeta = typeof result === 'object' && result !== null && 'meta' in result;
  if (hasMeta !== envelope) throw new Error(`the result of ${methodId} ${envelope ? 'lacks' : 'carries'} meta: ${JSON.stringify(result)}`);
  if (schemaId !== 'results/callBatch.json' || !Array.isArray(params)) return;
  const results = (result as { results: unknown[] }).results;
  if (results.length !== params.length) throw new Error(`callBatch answered ${results.length} results for ${params.length} calls`);
  results.forEach((item, i) => {
    const call = params[i] as { method?: unknown; params?: unknown };
    if (typeof item === 'object' && item !== null && 'error' in item) assertValid('types/error.json#/$defs/batchError', item, `batch result ${i}`);
    else checkResult(String(call.method), item, call.params, false);
  });
}

/** Checks an error body (`{id, message, data?}`) and, over HTTP, the whole body and its status. */
export function checkError(body: unknown, http?: { status: number; json: unknown }): void {
  assertValid('types/error.json#/$defs/errorBody', body, 'an error');
  if (!http) return;
  assertValid('types/error.json#/$defs/errorResponse', http.json, 'an HTTP error body');
  const id = (body as { id: ErrorId }).id;
  // SPEC §6 gives invalid-access-token two statuses: 401 when no token was sent, 403 for a bad one.
  const allowed: number[] = id === 'invalid-access-token' ? [401, 403] : [ERROR_STATUS[id]];
  if (!allowed.includes(http.status)) throw new Error(`error ${id} came with HTTP ${http.status}, the catalogue says ${allowed.join(' or ')}`);
}
