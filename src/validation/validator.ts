/** One Ajv instance that loads every JSON Schema under schemas/ once at boot and compiles each on first use. */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { ApiError } from '../errors';

export interface SchemaProblem {
  path: string;
  message: string;
}

export class Validator {
  private readonly ajv = new Ajv({ strict: true, allErrors: false, allowUnionTypes: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly ids: string[] = [];

  constructor(schemasDir: string = findSchemasDir()) {
    for (const file of listJsonFiles(schemasDir)) {
      const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
      this.ajv.addSchema(schema);
      this.ids.push(schema.$id);
    }
  }

  /** The `$id` of every schema document loaded, for tools that publish them (OpenAPI, GET /schemas/...). */
  schemaIds(): readonly string[] {
    return this.ids;
  }

  /** The schema document registered under `$id`, for tools that read schemas (HTTP query coercion). */
  schema(id: string): Record<string, unknown> {
    const schema = this.ajv.getSchema(id)?.schema;
    if (!schema || typeof schema !== 'object') throw new Error(`no schema "${id}"`);
    return schema as Record<string, unknown>;
  }

  /** Throws `invalid-parameters-format` listing `{path, message}` when `value` does not match schema `id`. */
  assert(id: string, value: unknown): void {
    const validate = this.compile(id);
    if (!validate(value)) {
      const problems = (validate.errors ?? []).map(describe);
      throw new ApiError('invalid-parameters-format', `Invalid parameters: ${problems.map((p) => `${p.path || '/'} ${p.message}`).join('; ')}`, problems);
    }
  }

  /** Compiles schema `id` (once); boot calls it for every method so a broken schema fails the start. */
  compile(id: string): ValidateFunction {
    let validate = this.compiled.get(id);
    if (!validate) {
      validate = this.ajv.getSchema(id);
      if (!validate) throw new Error(`no schema "${id}"`);
      this.compiled.set(id, validate);
    }
    return validate;
  }
}

function describe(error: ErrorObject): SchemaProblem {
  if (error.keyword === 'additionalProperties') {
    return { path: `${error.instancePath}/${(error.params as { additionalProperty: string }).additionalProperty}`, message: 'is not allowed' };
  }
  return { path: error.instancePath, message: error.message ?? 'is invalid' };
}

function listJsonFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listJsonFiles(full);
    return entry.name.endsWith('.json') ? [full] : [];
  });
}

/** schemas/ sits at the package root, found upwards from src/ or dist/src/ alike. */
export function findSchemasDir(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'schemas', 'methods'))) return path.join(dir, 'schemas');
    if (path.dirname(dir) === dir) throw new Error(`no schemas/ folder above ${from}`);
  }
}
