/** Meta-test: the error catalogue (src/errors.ts), the README and the error table of docs/api.md name the same ids and statuses (DESIGN conventions 1 and 12). */
import { expect } from 'chai';
import { ERROR_STATUS } from '../../src/errors';
import { codeNames, readDoc, section, tableRows } from '../helpers/markdown';

describe('meta: error ids', () => {
  const catalogue = Object.keys(ERROR_STATUS) as (keyof typeof ERROR_STATUS)[];
  const readme = readDoc('README.md');
  let documented: Map<string, string>;

  before(() => {
    documented = new Map(tableRows(section(readDoc('docs/api.md'), 'Errors')).map((cells) => [codeNames(cells[0])[0], cells[1]]));
  });

  it('docs/api.md has an error table to compare with', () => {
    expect(documented.size, 'no "| `id` |" rows found in the Errors section of docs/api.md').to.be.greaterThan(0);
  });

  it('every error id in ERROR_STATUS appears in README.md as `id`', () => {
    const missing = catalogue.filter((id) => !readme.includes(`\`${id}\``));
    expect(missing, `error ids missing from README.md:\n${missing.join('\n')}`).to.deep.equal([]);
  });

  it('the error table of docs/api.md lists exactly the ids of ERROR_STATUS', () => {
    expect([...documented.keys()].sort()).to.deep.equal([...catalogue].sort());
  });

  it('every status in ERROR_STATUS is the one docs/api.md gives for that id', () => {
    const offenders = catalogue
      .filter((id) => documented.has(id))
      .filter((id) => !(documented.get(id)!.match(/\b\d{3}\b/g) ?? ([] as string[])).includes(String(ERROR_STATUS[id])))
      .map((id) => `${id}: ERROR_STATUS says ${ERROR_STATUS[id]}, docs/api.md says "${documented.get(id)}"`);
    expect(offenders, `statuses that differ from docs/api.md:\n${offenders.join('\n')}`).to.deep.equal([]);
  });

  it('docs/api.md gives no status that the server never answers for that id', () => {
    // invalid-access-token is the one id with two statuses: 401 without a token, 403 for a bad one.
    const extra = (id: string, status: string) => status !== String(ERROR_STATUS[id as keyof typeof ERROR_STATUS]) && !(id === 'invalid-access-token' && status === '401');
    const offenders = [...documented].flatMap(([id, cell]) => (cell.match(/\b\d{3}\b/g) ?? []).filter((status) => extra(id, status)).map((status) => `${id}: ${status}`));
    expect(offenders).to.deep.equal([]);
  });
});
