/**
 * Query strings carry only text: this turns `limit=5`, `tags=a&tags=b`, `folders=null`, `running=true`
 * into the JSON the params schema expects, guided by that schema. Sockets and batch are never coerced.
 */
import type { Validator } from '../../validation/validator';

type Schema = Record<string, unknown>;
type QueryValue = string | string[] | undefined;

export function coerceQuery(query: Record<string, QueryValue>, schemaId: string, validator: Validator): Record<string, unknown> {
  const schema = validator.schema(schemaId);
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const params: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(query)) {
    if (raw === undefined) continue;
    const property = properties[name];
    params[name] = property ? coerce(raw, resolve(property, schemaId, validator), schemaId, validator) : raw;
  }
  return params;
}

function coerce(raw: string | string[], schema: Schema, schemaId: string, validator: Validator): unknown {
  const types = typesOf(schema);
  if (types.includes('array')) {
    const items = schema.items ? resolve(schema.items as Schema, schemaId, validator) : {};
    return (Array.isArray(raw) ? raw : [raw]).map((item) => coerceScalar(item, typesOf(items)));
  }
  // A repeated scalar stays a list, which the schema then refuses with a clear message.
  return Array.isArray(raw) ? raw : coerceScalar(raw, types);
}

function coerceScalar(raw: string, types: string[]): unknown {
  if (raw === 'null' && types.includes('null')) return null;
  if ((types.includes('number') || types.includes('integer')) && raw.trim() !== '' && !Number.isNaN(Number(raw))) return Number(raw);
  if (types.includes('boolean') && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

function typesOf(schema: Schema): string[] {
  const type = schema.type;
  return Array.isArray(type) ? (type as string[]) : typeof type === 'string' ? [type] : [];
}

/** Follows a `$ref` such as `../types/common.json#/$defs/state` to the schema it names. */
function resolve(schema: Schema, fromId: string, validator: Validator): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const [file, pointer = ''] = ref.split('#');
  const targetId = file ? new URL(file, `file:///${fromId}`).pathname.slice(1) : fromId;
  let target: unknown = validator.schema(targetId);
  for (const key of pointer.split('/').filter(Boolean)) target = (target as Schema)[key];
  return resolve(target as Schema, targetId, validator);
}
