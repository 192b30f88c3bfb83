/** Meta-test: docs/api.md (and the README's configuration table) list what the code has: the registry's methods and the variables src/config.ts reads. */
import { expect } from 'chai';
import { loadConfig } from '../../src/config';
import type { MethodDefinition } from '../../src/registry/method-definition';
import { useDefinitions } from '../helpers/definitions';
import { codeNames, readDoc, section, tableRows } from '../helpers/markdown';

/** The environment variables loadConfig reads, found by handing it an environment that records every read. */
function variablesRead(): string[] {
  const read = new Set<string>();
  const env = new Proxy({} as Record<string, string | undefined>, {
    get(_target, name) {
      if (typeof name === 'string') read.add(name);
      return undefined;
    },
  });
  loadConfig(env);
  return [...read].sort();
}

function documentedVariables(file: string): string[] {
  return tableRows(section(readDoc(file), 'Configuration')).flatMap((cells) => codeNames(cells[0])).sort();
}

describe('meta: docs/api.md follows the code', () => {
  const builtDefinitions = useDefinitions();
  let definitions: MethodDefinition[];
  before(() => {
    definitions = builtDefinitions();
  });

  it('the method table lists exactly the registry method names (channel methods as `{cid}.name`)', () => {
    const rows = tableRows(section(readDoc('docs/api.md'), 'Methods')).map((cells) => codeNames(cells[0])[0]);
    const documented = rows.map((id) => id.replace(/^\{cid\}\./, '')).sort();
    expect(documented).to.deep.equal(definitions.map((d) => d.name).sort());
    const scopedDocumented = rows.filter((id) => id.startsWith('{cid}.')).map((id) => id.slice('{cid}.'.length)).sort();
    expect(scopedDocumented, 'channel-scoped methods are written {cid}.name').to.deep.equal(definitions.filter((d) => d.channelScoped).map((d) => d.name).sort());
  });

  it('the method table gives each method its HTTP verb and path', () => {
    const rows = new Map(tableRows(section(readDoc('docs/api.md'), 'Methods')).map((cells) => [codeNames(cells[0])[0].replace(/^\{cid\}\./, ''), cells[1]]));
    const offenders = definitions
      .filter((d) => d.http)
      .filter((d) => {
        const route = `${d.http!.verb.toUpperCase()} ${d.channelScoped ? '/{cid}' : ''}${d.http!.path.replace(/:(\w+)/g, '{$1}')}`;
        return !rows.get(d.name)?.includes(`\`${route}\``);
      })
      .map((d) => `${d.name}: "${rows.get(d.name)}"`);
    expect(offenders, `methods whose documented route differs:\n${offenders.join('\n')}`).to.deep.equal([]);
  });

  it('the configuration table of docs/api.md lists exactly the variables src/config.ts reads', () => {
    expect(variablesRead()).to.not.be.empty;
    expect(documentedVariables('docs/api.md')).to.deep.equal(variablesRead());
  });

  it('the configuration table of README.md lists exactly the variables src/config.ts reads', () => {
    expect(documentedVariables('README.md')).to.deep.equal(variablesRead());
  });
});
