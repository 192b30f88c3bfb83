/** Meta-test: schemas/ keeps DESIGN conventions 5 and 12 ($id = path, compiles, every client-written value bounded). */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { findSchemasDir, Validator } from '../../src/validation/validator';

type Json = Record<string, unknown>;

const schemasDir = findSchemasDir(__dirname);

/** Every schema document keyed by its path relative to schemas/, with forward slashes. */
function loadSchemaFiles(): Map<string, Json> {
  const files = new Map<string, Json>();
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.json')) files.set(path.relative(schemasDir, full).split(path.sep).join('/'), JSON.parse(fs.readFileSync(full, 'utf8')));
    }
  };
  visit(schemasDir);
  return files;
}

// A fake origin turns `$id`s and relative `$ref`s into URLs, so `../types/x.json#/a` resolves like a path.
const ORIGIN = 'http://schemas.invalid/';

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pointerGet(document: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return document;
  let node = document;
  for (const raw of pointer.replace(/^\//, '').split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function escapeToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Walks a method's params schema, following `$ref`s into other files, and lists every node a client
 * could fill without a bound. Keys are the node's own location (`file#pointer`), values the problems.
 */
function findUnboundedNodes(files: Map<string, Json>): Map<string, { problems: Set<string>; via: Set<string> }> {
  const offenders = new Map<string, { problems: Set<string>; via: Set<string> }>();
  const visited = new Set<string>();

  // `via` is the method-schema node whose `$ref` first led here, null before any `$ref` is followed.
  const report = (location: string, via: string | null, problem: string): void => {
    const entry = offenders.get(location) ?? { problems: new Set<string>(), via: new Set<string>() };
    entry.problems.add(problem);
    if (via !== null) entry.via.add(via);
    offenders.set(location, entry);
  };

  const walk = (node: unknown, file: string, pointer: string, base: string, via: string | null): void => {
    const location = `${file}#${pointer}`;
    if (!isObject(node)) {
      // `true` accepts anything a client sends; `false` accepts nothing and needs no bound.
      if (node !== false) report(location, via, `is ${JSON.stringify(node)}, which accepts any value`);
      return;
    }
    if (visited.has(`${location}|${via}`)) return;
    visited.add(`${location}|${via}`);
    // A root `$id` is relative to schemas/ itself (as Ajv keys it); a nested one to its parent's base.
    if (typeof node.$id === 'string') base = new URL(node.$id, pointer === '' ? ORIGIN : base).href;
    const child = (key: string, value: unknown): void => walk(value, file, `${pointer}/${escapeToken(key)}`, base, via);

    if (typeof node.$ref === 'string') {
      const target = new URL(node.$ref, base);
      const targetFile = target.href.slice(0, target.href.length - target.hash.length).replace(ORIGIN, '');
      const targetPointer = decodeURIComponent(target.hash.replace(/^#/, ''));
      const document = files.get(targetFile);
      const resolved = document === undefined ? undefined : pointerGet(document, targetPointer);
      if (resolved === undefined) report(location, via, `has a $ref "${node.$ref}" that resolves to nothing`);
      else walk(resolved, targetFile, targetPointer, ORIGIN + targetFile, via ?? location);
    }

    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
      const branches = node[key];
      if (Array.isArray(branches)) branches.forEach((branch, i) => walk(branch, file, `${pointer}/${key}/${i}`, base, via));
    }
    // `not` and `if` describe what is refused or tested, not what is stored: they need no bounds.
    for (const key of ['then', 'else'] as const) if (node[key] !== undefined) child(key, node[key]);

    const hasEnum = Array.isArray(node.enum) || 'const' in node;
    const isComposite = ['allOf', 'anyOf', 'oneOf'].some((key) => Array.isArray(node[key]));
    const declared = node.type === undefined ? [] : Array.isArray(node.type) ? (node.type as string[]) : [node.type as string];
    const types = new Set(declared);
    // Keywords imply the kind of value even without `type`, so an untyped object schema is still checked.
    if (node.properties !== undefined || node.additionalProperties !== undefined || node.patternProperties !== undefined) types.add('object');
    if (node.items !== undefined || node.prefixItems !== undefined) types.add('array');

    if (declared.length === 0 && !hasEnum && typeof node.$ref !== 'string' && !isComposite) {
      report(location, via, 'has no type (nor enum, const or $ref)');
    }
    if (hasEnum) return;

    if (types.has('object')) {
      const closed = node.additionalProperties === false || node.unevaluatedProperties === false;
      if (!closed && typeof node.maxProperties !== 'number') {
        report(location, via, 'is an object without additionalProperties: false (or, for a free-form map, maxProperties)');
      }
      for (const key of ['properties', 'patternProperties'] as const) {
        const members = node[key];
        if (isObject(members)) for (const [name, schema] of Object.entries(members)) walk(schema, file, `${pointer}/${key}/${escapeToken(name)}`, base, via);
      }
      if (isObject(node.additionalProperties)) child('additionalProperties', node.additionalProperties);
    }
    if (types.has('string') && typeof node.maxLength !== 'number') report(location, via, 'is a string without maxLength (or enum)');
    if (types.has('number') || types.has('integer')) {
      if (typeof node.minimum !== 'number' && typeof node.exclusiveMinimum !== 'number') report(location, via, 'is a number without minimum (or enum)');
      if (typeof node.maximum !== 'number' && typeof node.exclusiveMaximum !== 'number') report(location, via, 'is a number without maximum (or enum)');
    }
    if (types.has('array')) {
      if (typeof node.maxItems !== 'number') report(location, via, 'is an array without maxItems');
      if (Array.isArray(node.prefixItems)) node.prefixItems.forEach((item, i) => walk(item, file, `${pointer}/prefixItems/${i}`, base, via));
      if (Array.isArray(node.items)) node.items.forEach((item, i) => walk(item, file, `${pointer}/items/${i}`, base, via));
      else if (node.items !== undefined && node.items !== false) child('items', node.items);
      else if (node.items === undefined && node.prefixItems === undefined) report(location, via, 'is an array without an items schema');
    }
  };

  for (const [file, schema] of files) {
    if (file.startsWith('methods/')) walk(schema, file, '', ORIGIN + file, null);
  }
  return offenders;
}

describe('meta: schemas', () => {
  const files = loadSchemaFiles();

  it('finds the schemas folder with method schemas in it', () => {
    expect([...files.keys()].filter((file) => file.startsWith('methods/'))).to.not.be.empty;
  });

  it('every JSON file under schemas/ has an $id equal to its path relative to schemas/', () => {
    const offenders = [...files]
      .filter(([file, schema]) => schema.$id !== file)
      .map(([file, schema]) => `${file}: $id is ${JSON.stringify(schema.$id)}, expected "${file}"`);
    expect(offenders, `schemas whose $id is not their path:\n${offenders.join('\n')}`).to.deep.equal([]);
  });

  it('every schema compiles in the project Validator', () => {
    const validator = new Validator(schemasDir);
    const offenders: string[] = [];
    for (const [file, schema] of files) {
      try {
        validator.compile(typeof schema.$id === 'string' ? schema.$id : file);
      } catch (error) {
        offenders.push(`${file}: ${(error as Error).message}`);
      }
    }
    expect(offenders, `schemas that do not compile:\n${offenders.join('\n')}`).to.deep.equal([]);
  });

  it('every value a client writes through a method schema is closed or bounded, and typed', () => {
    const offenders = [...findUnboundedNodes(files)].map(
      ([location, { problems, via }]) => `${location} ${[...problems].join('; ')}${via.size ? ` (reached from ${[...via].join(', ')})` : ''}`,
    );
    expect(offenders, `unbounded or untyped schema nodes:\n${offenders.join('\n')}`).to.deep.equal([]);
  });
});
