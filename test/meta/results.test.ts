/** Meta-test: every method publishes a result schema that compiles, and the error schema names the catalogue (DESIGN conventions 3, 5, 12). */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { ERROR_STATUS } from '../../src/errors';
import type { MethodDefinition } from '../../src/registry/method-definition';
import { findSchemasDir, Validator } from '../../src/validation/validator';
import { useDefinitions } from '../helpers/definitions';

const schemasDir = findSchemasDir(__dirname);

/** The parts of schema documents these checks read. */
interface SchemaDocument {
  $id?: string;
  properties?: { results?: { items?: { anyOf?: { $ref: string }[] } } };
  $defs?: { errorBody?: { properties: { id: { enum: string[] } } } };
}

function readSchema(id: string): SchemaDocument {
  return JSON.parse(fs.readFileSync(path.join(schemasDir, ...id.split('/')), 'utf8')) as SchemaDocument;
}

describe('meta: result schemas', () => {
  const builtDefinitions = useDefinitions();
  let definitions: MethodDefinition[];
  before(() => {
    definitions = builtDefinitions();
  });

  it('every definition names resultSchema results/<name>.json, a file with that $id that compiles', () => {
    const validator = new Validator(schemasDir);
    const offenders: string[] = [];
    for (const { name, resultSchema } of definitions) {
      // The test callers find a result's schema by the method name alone, so the name is the rule.
      if (resultSchema !== `results/${name}.json`) offenders.push(`${name}: resultSchema is ${JSON.stringify(resultSchema)}`);
      else if (!fs.existsSync(path.join(schemasDir, 'results', `${name}.json`))) offenders.push(`${name}: no schemas/${resultSchema}`);
      else if (readSchema(resultSchema).$id !== resultSchema) offenders.push(`${name}: schemas/${resultSchema} has another $id`);
      else {
        try {
          validator.compile(resultSchema);
        } catch (error) {
          offenders.push(`${name}: ${(error as Error).message}`);
        }
      }
    }
    expect(offenders, `definitions without a usable result schema:\n${offenders.join('\n')}`).to.deep.equal([]);
  });

  it('every schema under schemas/results/ is the resultSchema of some definition', () => {
    const used = new Set(definitions.map((definition) => definition.resultSchema));
    const unused = fs.readdirSync(path.join(schemasDir, 'results')).map((file) => `results/${file}`).filter((id) => !used.has(id));
    expect(unused, `result schemas no definition uses:\n${unused.join('\n')}`).to.deep.equal([]);
  });

  it('a callBatch result may be the result of every method a batch can call, or an error', () => {
    const alternatives = (readSchema('results/callBatch.json').properties?.results?.items?.anyOf ?? []).map(({ $ref }) => $ref);
    // Administration methods exist only outside accounts, and a batch cannot be nested.
    const callable = definitions.filter((d) => d.authentication !== 'admin-key' && d.name !== 'callBatch').map((d) => `${d.name}.json`);
    expect([...alternatives].sort()).to.deep.equal(['../types/error.json#/$defs/batchError', ...callable].sort());
  });

  it('the error schema lists exactly the ids of the catalogue in src/errors.ts', () => {
    const ids = readSchema('types/error.json').$defs?.errorBody?.properties.id.enum ?? [];
    expect([...ids].sort()).to.deep.equal(Object.keys(ERROR_STATUS).sort());
  });
});
