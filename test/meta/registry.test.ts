/** Meta-test: the real method registry keeps DESIGN conventions 3 and 12 (schemas named and used, no duplicates, id shapes). */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { MethodDefinition } from '../../src/registry/method-definition';
import { MethodRegistry } from '../../src/registry/method-registry';
import { findSchemasDir, Validator } from '../../src/validation/validator';
import { useDefinitions } from '../helpers/definitions';

const schemasDir = findSchemasDir(__dirname);

function listSchemaIds(dir: string): string[] {
  return fs.readdirSync(path.join(schemasDir, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return listSchemaIds(relative);
    return entry.name.endsWith('.json') ? [relative] : [];
  });
}

describe('meta: method registry', () => {
  const builtDefinitions = useDefinitions();
  let definitions: MethodDefinition[];
  before(() => {
    definitions = builtDefinitions();
  });

  it('registers every definition allMethods returns without a duplicate name or route', () => {
    expect(definitions).to.not.be.empty;
    const registry = new MethodRegistry().register(...definitions);
    expect(registry.definitions()).to.have.lengthOf(definitions.length);
  });

  it('every definition names a paramsSchema that is a file under schemas/ with that $id, and it compiles', () => {
    const validator = new Validator(schemasDir);
    const offenders: string[] = [];
    for (const { name, paramsSchema } of definitions) {
      const file = path.join(schemasDir, ...String(paramsSchema ?? '').split('/'));
      if (typeof paramsSchema !== 'string' || paramsSchema === '') offenders.push(`${name}: no paramsSchema`);
      else if (!fs.existsSync(file)) offenders.push(`${name}: paramsSchema "${paramsSchema}" is not a file under schemas/`);
      else {
        const id = (JSON.parse(fs.readFileSync(file, 'utf8')) as { $id?: unknown }).$id;
        if (id !== paramsSchema) offenders.push(`${name}: schemas/${paramsSchema} has $id ${JSON.stringify(id)}`);
        try {
          validator.compile(paramsSchema);
        } catch (error) {
          offenders.push(`${name}: ${(error as Error).message}`);
        }
      }
    }
    expect(offenders, `definitions without a usable params schema:\n${offenders.join('\n')}`).to.deep.equal([]);
  });

  it('every schema under schemas/methods/ is the paramsSchema of some definition', () => {
    const used = new Set(definitions.map((definition) => definition.paramsSchema));
    const unused = listSchemaIds('methods').filter((id) => !used.has(id));
    expect(unused, `method schemas no definition uses:\n${unused.join('\n')}`).to.deep.equal([]);
  });

  it('registering the same definition twice throws', () => {
    const offenders = definitions
      .filter((definition) => {
        try {
          new MethodRegistry().register(definition, definition);
          return true;
        } catch {
          // Without its route the copy can only be refused for its name.
          try {
            new MethodRegistry().register(definition, { ...definition, http: undefined });
            return true;
          } catch {
            return false;
          }
        }
      })
      .map((definition) => definition.name);
    expect(offenders, `definitions registered twice without an error:\n${offenders.join('\n')}`).to.deep.equal([]);
  });

  it('registering a second definition on the route of another throws', () => {
    const offenders = definitions
      .filter((definition) => definition.http)
      .filter((definition) => {
        try {
          new MethodRegistry().register(definition, { ...definition, name: `${definition.name}Copy` });
          return true;
        } catch {
          return false;
        }
      })
      .map((definition) => `${definition.name} (${definition.http!.verb} ${definition.http!.path})`);
    expect(offenders, `routes registered twice without an error:\n${offenders.join('\n')}`).to.deep.equal([]);
  });

  it('channel-scoped definitions have names of two parts and account ones of one or two', () => {
    const part = /^[A-Za-z][A-Za-z0-9]*$/;
    const offenders = definitions
      .filter(({ name, channelScoped }) => {
        const parts = name.split('.');
        const allowed = channelScoped ? [2] : [1, 2];
        return !allowed.includes(parts.length) || !parts.every((p) => part.test(p));
      })
      .map(({ name, channelScoped }) => `${name} (${channelScoped ? 'channel-scoped: needs group.verb' : 'account: needs verb or group.verb'})`);
    expect(offenders, `definitions with a malformed name:\n${offenders.join('\n')}`).to.deep.equal([]);
  });

  it('every definition is found again by the method id a caller would send', () => {
    const registry = new MethodRegistry();
    const offenders = definitions
      .filter((definition) => {
        try {
          registry.register(definition);
        } catch {
          return false; // a duplicate is reported by the registration test above
        }
        const id = definition.channelScoped ? `somechannel.${definition.name}` : definition.name;
        return registry.resolve(id)?.definition !== definition;
      })
      .map((definition) => definition.name);
    expect(offenders, `definitions their own method id does not reach:\n${offenders.join('\n')}`).to.deep.equal([]);
  });
});
