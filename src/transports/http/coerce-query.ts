/**
 * Query strings carry only text: this turns `limit=5`, `tags=a&tags=b`, `folders=null`, `running=true`
 * into the JSON the params schema expects, guided by that schema. Sockets and batch are never coerced.
 */
import type { Validator } from '../../validation/validator';

type Schema = Record<string, unknown>;
type QueryValue = string | string[] | undefined;

/** Builds, once per method, the function that turns its query string into params; `ignored` names are left out. */
export function queryCoercer(schemaId: string, validator: Validator, ignored: ReadonlySet<string> = new Set()): (query: Record<string, QueryValue>) => Record<string, unknown> {
  const schema = validator.schema(schemaId);
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const types = new Map<string, string[]>();
  const itemTypes = new Map<string, string[]>();
  for (const [name, property] of Object.entries(properties)) {
    const [schemaOfProperty, fileId] = resolve(property, schemaId, validator);
    types.set(name, typesOf(schemaOfProperty));
    const items = schemaOfProperty.items as Schema | undefined;
    itemTypes.set(name, items ? typesOf(resolve(items, fileId, validator)[0]) : []);
  }
  return (query) => {
    const params: Record<string, unknown> = {};
    for (const name of Object.keys(query)) {
      const raw = query[name];
      if (raw === undefined || ignored.has(name)) continue;
      const propertyTypes = types.get(name);
      // Unknown names pass through as they are, for the schema to refuse with their path; defined,
      // not assigned, so that `?__proto__=1` stays a name to refuse instead of setting a prototype.
      const value = propertyTypes ? coerce(raw, propertyTypes, itemTypes.get(name)!) : raw;
      Object.defineProperty(params, name, { value, enumerable: true, writable: true, configurable: true });
    }
    return params;
  };
}

function coerce(raw: string | string[], types: string[], itemTypes: string[]): unknown {
  if (types.includes('array')) return (Array.isArray(raw) ? raw : [raw]).map((item) => coerceScalar(item, itemTypes));
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

/** Follows `$ref`s such as `../types/common.json#/$defs/state` to the schema they name, with the id of its file. */
function resolve(schema: Schema, fromId: string, validator: Validator): [Schema, string] {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return [schema, fromId];
  const [file, pointer = ''] = ref.split('#');
  const targetId = file ? new URL(file, `file:///${fromId}`).pathname.slice(1) : fromId;
  let target: unknown = validator.schema(targetId);
  for (const key of pointer.split('/').filter(Boolean)) target = (target as Schema)[key];
  return resolve(target as Schema, targetId, validator);
}
