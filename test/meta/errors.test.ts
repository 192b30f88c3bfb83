/** Meta-test: the error catalogue (src/errors.ts), the README and SPEC §6 name the same ids (DESIGN conventions 1 and 12). */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { ERROR_STATUS } from '../../src/errors';
import { findSchemasDir } from '../../src/validation/validator';

const packageRoot = path.dirname(findSchemasDir(__dirname));

/** SPEC.md lives in the shared folder next to the package (README: `../shared/SPEC.md`). */
function findSpec(): string {
  for (let dir = packageRoot; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'SPEC.md');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`no shared/SPEC.md above ${packageRoot}`);
  }
}

/** The text of the `## 6.` section of SPEC.md, up to the next `## ` heading. */
function specErrorsSection(): string {
  const lines = fs.readFileSync(findSpec(), 'utf8').split('\n');
  const start = lines.findIndex((line) => /^##\s+6\.\s/.test(line));
  if (start < 0) throw new Error('SPEC.md has no "## 6." section');
  const end = lines.findIndex((line, i) => i > start && /^##\s/.test(line));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

/** Ids and HTTP cells of the markdown table rows that start with "| `". */
function tableRows(markdown: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of markdown.split('\n')) {
    const match = /^\|\s*`([^`]+)`\s*\|([^|]*)\|/.exec(line);
    if (match) rows.set(match[1], match[2].trim());
  }
  return rows;
}

describe('meta: error ids', () => {
  const catalogue = Object.keys(ERROR_STATUS) as (keyof typeof ERROR_STATUS)[];
  const readme = fs.readFileSync(path.join(packageRoot, 'README.md'), 'utf8');
  let spec: Map<string, string>;

  before(() => {
    spec = tableRows(specErrorsSection());
  });

  it('SPEC §6 has an error table to compare with', () => {
    expect(spec.size, 'no "| `id` |" rows found in SPEC §6').to.be.greaterThan(0);
  });

  it('every error id in ERROR_STATUS appears in README.md as `id`', () => {
    const missing = catalogue.filter((id) => !readme.includes(`\`${id}\``));
    expect(missing, `error ids missing from README.md:\n${missing.join('\n')}`).to.deep.equal([]);
  });

  it('every error id in ERROR_STATUS is a row of the SPEC §6 table', () => {
    const missing = catalogue.filter((id) => !spec.has(id));
    expect(missing, `error ids missing from SPEC §6:\n${missing.join('\n')}`).to.deep.equal([]);
  });

  it('every id of the SPEC §6 table is in ERROR_STATUS', () => {
    const missing = [...spec.keys()].filter((id) => !Object.prototype.hasOwnProperty.call(ERROR_STATUS, id));
    expect(missing, `SPEC §6 ids missing from ERROR_STATUS:\n${missing.join('\n')}`).to.deep.equal([]);
  });

  it('every status in ERROR_STATUS is one SPEC §6 gives for that id', () => {
    const offenders = catalogue
      .filter((id) => spec.has(id))
      .filter((id) => !(spec.get(id)!.match(/\b\d{3}\b/g) ?? ([] as string[])).includes(String(ERROR_STATUS[id])))
      .map((id) => `${id}: ERROR_STATUS says ${ERROR_STATUS[id]}, SPEC says "${spec.get(id)}"`);
    expect(offenders, `statuses that differ from SPEC §6:\n${offenders.join('\n')}`).to.deep.equal([]);
  });
});
