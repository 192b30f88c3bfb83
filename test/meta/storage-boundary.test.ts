/**
 * Meta-test: the store port is the only way into storage (DESIGN convention 7). Outside src/storage/
 * no file imports a storage module other than the port, names a query operator or SQL statement,
 * a stored-only derived field, or builds a storage key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import ts from 'typescript';
import { findSchemasDir } from '../../src/validation/validator';

const packageRoot = path.dirname(findSchemasDir(__dirname));
/** The port: what code outside storage may import from it. */
const PORT_MODULES = ['src/storage/store', 'src/storage/open-store'];
/** Fields only the stores compute and query (events' end and type class, folders' parent key). */
const DERIVED_FIELDS = ['endTime', 'typeClass', 'parentKey'];
/** MongoDB query and update operators (JSON Schema's `$ref`, `$id`… are not operators). */
const OPERATOR = /^\$(eq|ne|gt|gte|lt|lte|in|nin|and|or|nor|not|exists|type|regex|all|elemMatch|size|expr|where|text|mod|set|unset|inc|push|pull|addToSet|rename|setOnInsert)$/;
const SQL_STATEMENT = /\b(SELECT\b[\s\S]*\bFROM|INSERT\s+INTO|UPDATE\b[\s\S]*\bSET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX))\b/i;

function listTsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listTsFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

interface Finding {
  where: string;
  what: string;
}

/** Every operator key, SQL string, derived field, storage-key helper and non-port storage import of one file. */
function scan(full: string, text = fs.readFileSync(full, 'utf8')): Finding[] {
  const file = path.relative(packageRoot, full).split(path.sep).join('/');
  const source = ts.createSourceFile(full, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const findings: Finding[] = [];
  const add = (node: ts.Node, what: string) => findings.push({ where: `${file}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`, what });
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const specifier = node.moduleSpecifier.text;
      const target = path.relative(packageRoot, path.resolve(path.dirname(full), specifier)).split(path.sep).join('/');
      if (specifier.startsWith('.') && target.startsWith('src/storage/') && !PORT_MODULES.includes(target)) add(node, `imports ${specifier} (only the port may be imported)`);
      return;
    }
    if (ts.isStringLiteralLike(node)) {
      if (OPERATOR.test(node.text)) add(node, `query operator '${node.text}'`);
      if (SQL_STATEMENT.test(node.text)) add(node, 'an SQL statement');
      if (DERIVED_FIELDS.includes(node.text)) add(node, `derived field '${node.text}'`);
    }
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) {
      if (OPERATOR.test(node.text)) add(node, `query operator ${node.text}`);
      if (DERIVED_FIELDS.includes(node.text)) add(node, `derived field ${node.text}`);
      if (node.text === 'channelItemKey') add(node, 'a storage key helper');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

describe('meta: the store port is the only way into storage', () => {
  const outside = listTsFiles(path.join(packageRoot, 'src')).filter((full) => !full.startsWith(path.join(packageRoot, 'src', 'storage') + path.sep));
  const findings = outside.flatMap((full) => scan(full));

  it('reads the source files outside src/storage/', () => {
    expect(outside.length).to.be.greaterThan(20);
  });

  for (const kind of ['imports', 'query operator', 'SQL statement', 'derived field', 'storage key']) {
    it(`no ${kind} outside src/storage/ but through the port`, () => {
      const offenders = findings.filter(({ what }) => what.includes(kind.split(' ')[0]) || what.includes(kind)).map(({ where, what }) => `${where}: ${what}`);
      expect(offenders, offenders.join('\n')).to.deep.equal([]);
    });
  }

  it('recognises each kind it forbids (checked on a file written to break every rule)', () => {
    // A file that is never written: scanned as if it sat in src/methods/.
    const probe = path.join(packageRoot, 'src', 'methods', 'boundary-probe.ts');
    const text = "import { x } from '../storage/mongo/documents';\nconst f = { time: { $gte: 1 }, endTime: 2 };\nconst q = 'SELECT id FROM events';\nchannelItemKey('a', 'b');\n";
    const kinds = scan(probe, text).map(({ what }) => what);
    expect(kinds.some((k) => k.startsWith('imports'))).to.equal(true);
    expect(kinds.some((k) => k.startsWith('query operator'))).to.equal(true);
    expect(kinds.some((k) => k === 'an SQL statement')).to.equal(true);
    expect(kinds.some((k) => k.startsWith('derived field'))).to.equal(true);
    expect(kinds.some((k) => k === 'a storage key helper')).to.equal(true);
  });
});
