/**
 * Answers serialised from their result schemas with fast-json-stringify (the Fastify approach): a
 * function generated once per schema writes the known properties without JSON.stringify's walk of
 * the object. Used for HTTP bodies; Socket.IO acknowledgements go through socket.io-parser's own
 * JSON.stringify. For data that matches the schemas (tests validate every answer against them) the
 * JSON is the same value JSON.stringify gives, members possibly in the schema's order; a test
 * round-trips samples of every kind of answer:
 *  - an object schema without `additionalProperties` allows any further property, as JSON Schema
 *    says; fast-json-stringify would drop them, so such schemas are given `additionalProperties: true`;
 *  - schemas choosing between alternatives (`anyOf`, `oneOf`: callBatch, the deletes) would make it
 *    validate at run time to pick one, so those keep JSON.stringify;
 *  - a definition that refers to itself (`content`: any JSON value, nested) cannot be generated, and
 *    is any value for the serializer: JSON.stringify writes it;
 *  - anything it refuses (a required property missing) falls back to JSON.stringify.
 */
import fastJson from 'fast-json-stringify';
import type { Validator } from './validator';

type Schema = Record<string, unknown>;
type Serialize = (value: unknown) => string;
type FastJsonSchema = Parameters<typeof fastJson>[0];

/** fast-json-stringify finds other documents by absolute `$id` and exact `$ref`; ours are relative (`../types/x.json#...`). */
const BASE = 'https://logbook.invalid/';

export class ResultSerializers {
  /** Made on first use: generating all of them at once took half a second, which start-up should not pay. */
  private readonly serializers = new Map<string, Serialize | null>();
  private readonly documents = new Map<string, Schema>();
  private readonly external: Record<string, FastJsonSchema>;

  constructor(validator: Validator) {
    for (const id of validator.schemaIds()) this.documents.set(id, prepare(structuredClone(validator.schema(id))));
    // The documents are JSON Schemas ajv has loaded; fast-json-stringify's types describe a narrower shape.
    this.external = Object.fromEntries([...this.documents.values()].map((document) => [document.$id as string, document as unknown as FastJsonSchema]));
  }

  /** The JSON of `answer`, an answer of the method whose result schema is `schemaId`. */
  stringify(schemaId: string, answer: unknown): string {
    const serialize = this.serializerOf(schemaId);
    if (serialize === null) return JSON.stringify(answer);
    try {
      return serialize(answer);
    } catch {
      return JSON.stringify(answer);
    }
  }

  private serializerOf(schemaId: string): Serialize | null {
    let serialize = this.serializers.get(schemaId);
    if (serialize === undefined) {
      const document = this.documents.get(schemaId);
      serialize = document === undefined || choosesBetween(document) ? null : (fastJson(document as unknown as FastJsonSchema, { schema: this.external }) as Serialize);
      this.serializers.set(schemaId, serialize);
    }
    return serialize;
  }
}

/** Absolute `$id` and `$ref`s, and `additionalProperties: true` wherever JSON Schema's default (allowed) applies. */
function prepare(document: Schema): Schema {
  document.$id = `${BASE}${document.$id as string}`;
  const definitions = (document.$defs ?? {}) as Record<string, Schema>;
  for (const [name, definition] of Object.entries(definitions)) {
    if (JSON.stringify(definition).includes(`"#/$defs/${name}"`)) definitions[name] = { description: definition.description };
  }
  visit(document, (schema) => {
    if (typeof schema.$ref === 'string' && !schema.$ref.startsWith('#')) schema.$ref = new URL(schema.$ref, document.$id as string).href;
    const isObject = schema.type === 'object' || (Array.isArray(schema.type) && schema.type.includes('object')) || 'properties' in schema;
    if (isObject && !('additionalProperties' in schema)) schema.additionalProperties = true;
  });
  return document;
}

function choosesBetween(document: Schema): boolean {
  let found = false;
  visit(document, (schema) => (found ||= 'anyOf' in schema || 'oneOf' in schema));
  return found;
}

/** Calls `each` on every schema object of a document (not on the `properties` maps themselves). */
function visit(schema: unknown, each: (schema: Schema) => void): void {
  if (typeof schema !== 'object' || schema === null) return;
  if (Array.isArray(schema)) return schema.forEach((item) => visit(item, each));
  const node = schema as Schema;
  each(node);
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' || key === '$defs' || key === 'patternProperties') {
      for (const child of Object.values(value as Schema)) visit(child, each);
    } else if (key !== 'const' && key !== 'enum' && key !== 'default' && key !== 'examples') visit(value, each);
  }
}
