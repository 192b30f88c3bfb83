/**
 * Turns the JSON Schema files of schemas/ into OpenAPI `components.schemas`: one component per file
 * and one per `$defs` entry, with every relative `$ref` rewritten to point at its component.
 */
import type { Validator } from '../../validation/validator';

export type JsonSchema = { [key: string]: unknown };

const REF_PREFIX = '#/components/schemas/';

/** `types/common.json` → `types.common`; with a def name, `types.common.name`. */
export function componentName(fileId: string, defName?: string): string {
  const base = fileId.replace(/\.json$/, '').replace(/\//g, '.');
  return defName === undefined ? base : `${base}.${defName}`;
}

/** A `$ref` to the component of a schema file (or of one of its `$defs`). */
export function componentRef(fileId: string, defName?: string): JsonSchema {
  return { $ref: `${REF_PREFIX}${componentName(fileId, defName)}` };
}

/** Every schema file and every `$defs` entry as a component, refs rewritten; throws on a ref it cannot place. */
export function schemaComponents(validator: Validator): Record<string, JsonSchema> {
  const components: Record<string, JsonSchema> = {};
  for (const fileId of validator.schemaIds()) {
    const { $id: _id, $defs, ...root } = validator.schema(fileId);
    for (const [defName, def] of Object.entries(($defs ?? {}) as Record<string, unknown>)) {
      components[componentName(fileId, defName)] = rewrite(def, fileId) as JsonSchema;
    }
    // A file of building blocks only (types/*.json) has no root schema of its own.
    if (Object.keys(root).some((key) => key !== 'description')) components[componentName(fileId)] = rewrite(root, fileId) as JsonSchema;
  }
  return components;
}

/** The schema of one file with its refs rewritten, for embedding a part of it (a property, the `update` member). */
export function rewriteRefs(schema: unknown, fileId: string): JsonSchema {
  return rewrite(schema, fileId) as JsonSchema;
}

function rewrite(node: unknown, fileId: string): unknown {
  if (Array.isArray(node)) return node.map((item) => rewrite(item, fileId));
  if (typeof node !== 'object' || node === null) return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === '$ref' && typeof value === 'string' ? resolveRef(value, fileId) : rewrite(value, fileId);
  }
  return out;
}

/** `../types/common.json#/$defs/name` seen from `methods/x.json` → `#/components/schemas/types.common.name`. */
function resolveRef(ref: string, fromId: string): string {
  const [file, pointer = ''] = ref.split('#');
  const targetId = file ? new URL(file, `file:///${fromId}`).pathname.slice(1) : fromId;
  if (pointer === '') return `${REF_PREFIX}${componentName(targetId)}`;
  const def = /^\/\$defs\/([^/]+)$/.exec(pointer);
  // Schemas refer to whole files or to their $defs only; anything deeper would need a component of its own.
  if (!def) throw new Error(`schema ${fromId}: $ref "${ref}" points inside a definition; point at a $defs entry instead`);
  return `${REF_PREFIX}${componentName(targetId, def[1])}`;
}
