/**
 * Writes the TypeScript types of every method's params and result from schemas/ (DESIGN convention 5),
 * for the server (src/generated) and the JS client (clients/js/src/generated). `npm run generate:types`;
 * test/meta/generated-types.test.ts fails when the files on disk are not what this would write.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compile } from 'json-schema-to-typescript';

type Json = { [key: string]: unknown };

/** Where the generated file goes, relative to the package root; both copies are the same text. */
export const GENERATED_FILES = ['src/generated/method-types.ts', 'clients/js/src/generated/method-types.ts'];

const HEADER = `/**
 * Generated from schemas/ by scripts/generate-types.ts: do not edit, run \`npm run generate:types\`.
 * The params and result of every method (\`MethodTypes\`), and the item types they share.
 */`;

/** Names that read better than the rule in \`typeName\` gives, keyed by \`file#def\`. */
const NAME_OVERRIDES: Record<string, string> = {
  'types/common.json#state': 'ItemState',
  'types/access.json#level': 'Level',
  'types/access.json#permission': 'Permission',
  'types/error.json#batchError': 'BatchError',
};

/**
 * Definitions whose TypeScript type is not derived, keyed by `file#def`. Event content is any JSON
 * value; its recursive union type would make every `unknown` a server holds (stored JSON, client
 * input) need a cast, while no code looks inside it, so it is `unknown`.
 */
const TS_TYPE_OVERRIDES: Record<string, string> = {
  'types/event.json#content': 'unknown',
};

/** Keywords that give a schema a shape; a schema with none of them accepts any JSON value. */
const SHAPE_KEYWORDS = ['type', '$ref', 'enum', 'const', 'anyOf', 'oneOf', 'allOf', 'properties', 'items', 'not'];

// A fake origin turns `$id`s and relative `$ref`s into URLs, so `../types/x.json#/a` resolves like a path.
const ORIGIN = 'http://schemas.invalid/';

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pascal(text: string): string {
  return text
    .split(/[.\-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** `events.getOne` → `EventsGetOne`. */
function methodTypeName(method: string): string {
  return pascal(method);
}

/** `types/event.json#event` → `Event`, `types/event.json#tag` → `EventTag`, `types/common.json#meta` → `Meta`. */
function typeName(file: string, def: string): string {
  const override = NAME_OVERRIDES[`${file}#${def}`];
  if (override) return override;
  const base = path.basename(file, '.json');
  if (base === 'common' || def.toLowerCase().startsWith(base)) return pascal(def);
  return pascal(base) + pascal(def);
}

/** A shared definition gets a type of its own when it is an object, a union with one, or an enum; scalars are inlined. */
function isNamed(def: Json): boolean {
  const types = Array.isArray(def.type) ? def.type : [def.type];
  return types.includes('object') || Array.isArray(def.enum);
}

function loadSchemas(schemasDir: string): Map<string, Json> {
  const files = new Map<string, Json>();
  for (const folder of ['methods', 'results', 'types']) {
    for (const name of fs.readdirSync(path.join(schemasDir, folder)).filter((n) => n.endsWith('.json')).sort()) {
      const schema = JSON.parse(fs.readFileSync(path.join(schemasDir, folder, name), 'utf8')) as Json;
      files.set(`${folder}/${name}`, schema);
    }
  }
  return files;
}

/**
 * Builds one schema whose `definitions` hold every method's params and result and every shared item,
 * with every `$ref` rewritten to point inside it, so json-schema-to-typescript declares each shared
 * type once and the output does not depend on how it resolves files.
 */
function buildRootSchema(files: Map<string, Json>): { root: Json; methods: string[] } {
  const definitions: Record<string, Json> = {};

  const resolve = (ref: string, fromFile: string): { file: string; pointer: string } => {
    const url = new URL(ref, ORIGIN + fromFile);
    return { file: url.pathname.replace(/^\//, ''), pointer: decodeURIComponent(url.hash.replace(/^#/, '')) };
  };

  const nameOfDocument = (file: string): string => {
    const [folder, name] = file.split('/');
    const method = methodTypeName(name.replace(/\.json$/, ''));
    if (folder === 'methods') return `${method}Params`;
    if (folder === 'results') return `${method}Result`;
    throw new Error(`a $ref to the whole of ${file}: point at one of its $defs`);
  };

  const convert = (node: unknown, file: string): unknown => {
    if (Array.isArray(node)) return node.map((item) => convert(item, file));
    if (!isObject(node)) return node;
    if (typeof node.$ref === 'string') {
      const { $ref, ...siblings } = node;
      const target = resolve($ref, file);
      if (target.pointer === '') return { $ref: `#/definitions/${nameOfDocument(target.file)}` };
      const match = /^\/\$defs\/([^/]+)$/.exec(target.pointer);
      const document = files.get(target.file);
      const defs = document && isObject(document.$defs) ? document.$defs : undefined;
      const def = match && defs ? defs[match[1]] : undefined;
      if (!match || !isObject(def)) throw new Error(`cannot resolve $ref "${$ref}" in ${file}`);
      if (isNamed(def)) {
        const name = typeName(target.file, match[1]);
        if (!definitions[name]) {
          definitions[name] = { title: name }; // placeholder first: recursive definitions refer to themselves
          const tsType = TS_TYPE_OVERRIDES[`${target.file}#${match[1]}`];
          definitions[name] = tsType ? { title: name, description: def.description, tsType } : { ...(convert(def, target.file) as Json), title: name };
        }
        // A description next to a `$ref` would make a copy of the named type; the shared one keeps its own.
        return { $ref: `#/definitions/${name}` };
      }
      // Siblings of a `$ref` are annotations (description) in these schemas; they win over the target's.
      return { ...(convert(def, target.file) as Json), ...siblings };
    }
    // json-schema-to-typescript would make an object of a schema with no shape; it is any JSON value.
    const out: Json = SHAPE_KEYWORDS.some((key) => key in node) ? {} : { tsType: 'unknown' };
    for (const [key, value] of Object.entries(node)) {
      if (key === '$id' || key === '$defs') continue;
      out[key] = key === 'properties' && isObject(value) ? mapValues(value, (v) => convert(v, file)) : convert(value, file);
    }
    return out;
  };

  const methods = [...files.keys()]
    .filter((file) => file.startsWith('methods/'))
    .map((file) => file.slice('methods/'.length, -'.json'.length))
    .sort();
  const properties: Json = {};
  for (const method of methods) {
    for (const folder of ['methods', 'results']) {
      const file = `${folder}/${method}.json`;
      const document = files.get(file);
      if (!document) throw new Error(`${method} has no ${file}`);
      const name = nameOfDocument(file);
      definitions[name] = { ...(convert(document, file) as Json), title: name };
    }
    properties[method] = {
      type: 'object',
      additionalProperties: false,
      required: ['params', 'result'],
      properties: {
        params: { $ref: `#/definitions/${nameOfDocument(`methods/${method}.json`)}` },
        result: { $ref: `#/definitions/${nameOfDocument(`results/${method}.json`)}` },
      },
    };
  }
  const sorted: Record<string, Json> = {};
  for (const name of Object.keys(definitions).sort()) sorted[name] = definitions[name];
  const root: Json = {
    title: 'MethodTypes',
    description: 'The params and result of every method, by method name (without the channel id of channel methods).',
    type: 'object',
    additionalProperties: false,
    required: methods,
    properties,
    definitions: sorted,
  };
  return { root, methods };
}

function mapValues(object: Json, map: (value: unknown) => unknown): Json {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, map(value)]));
}

/** The text of the generated file for the schemas under `schemasDir`. */
export async function generateMethodTypes(schemasDir: string): Promise<string> {
  const { root } = buildRootSchema(loadSchemas(schemasDir));
  const body = await compile(root as Parameters<typeof compile>[0], 'MethodTypes', {
    bannerComment: HEADER,
    additionalProperties: true,
    ignoreMinAndMaxItems: true,
    unknownAny: true,
    unreachableDefinitions: true,
    strictIndexSignatures: false,
    format: true,
    style: { singleQuote: true, printWidth: 140, trailingComma: 'all', semi: true, endOfLine: 'lf' },
  });
  return `${withoutLinkerNotes(body).trimEnd()}

/** The name of every method, as its definition and the schemas spell it. */
export type MethodName = keyof MethodTypes;
/** What method \`N\` takes. */
export type MethodParams<N extends MethodName> = MethodTypes[N]['params'];
/** What method \`N\` answers (without the transport's \`meta\`, which the result schema allows). */
export type MethodResult<N extends MethodName> = MethodTypes[N]['result'];
`;
}

/** Drops the "This interface was referenced by..." lines json-schema-to-typescript adds to every definition, and comments left empty. */
function withoutLinkerNotes(text: string): string {
  return text
    .replace(/( \*\n)? \* This interface was referenced by `MethodTypes`'s JSON-Schema\n \* via the `definition` "\w+"\.\n/g, '')
    .replace(/\/\*\*\n \*\/\n/g, '');
}

/** The package root: the folder above this file (in scripts/ or dist/…/scripts/) that holds schemas/. */
export function findPackageRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'schemas', 'methods')) && fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no schemas/ folder above ${from}`);
  }
}

async function main(): Promise<void> {
  const root = findPackageRoot();
  const text = await generateMethodTypes(path.join(root, 'schemas'));
  for (const file of GENERATED_FILES) {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    const changed = !fs.existsSync(full) || fs.readFileSync(full, 'utf8') !== text;
    if (changed) fs.writeFileSync(full, text);
    console.log(`${changed ? 'wrote' : 'unchanged'} ${file}`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
