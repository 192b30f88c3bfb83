/** Meta-test: the import rules of DESIGN.md ("A layout that shows it") and the file-size convention, read from src/. */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import ts from 'typescript';
import { findSchemasDir } from '../../src/validation/validator';

const packageRoot = path.dirname(findSchemasDir(__dirname));
const MAX_LINES = 250;

interface ModuleReference {
  specifier: string;
  /** Package-root-relative path (`src/transports/http/routes`) for a relative specifier, else null. */
  target: string | null;
  line: number;
}

interface SourceFile {
  /** Package-root-relative path with forward slashes, e.g. `src/methods/channels.ts`. */
  file: string;
  lines: number;
  references: ModuleReference[];
  /** Lines that read `process.env`. */
  envReads: number[];
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

function listTsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listTsFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

function isProcess(node: ts.Expression): boolean {
  const expression = ts.isParenthesizedExpression(node) ? node.expression : node;
  if (ts.isIdentifier(expression)) return expression.text === 'process';
  return ts.isPropertyAccessExpression(expression) && expression.name.text === 'process';
}

function stringArgument(node: ts.Node | undefined): string | null {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : null;
}

/** Parses one file and collects every module it names (import, import type, export from, require, import(), declare module) and every process.env read. */
function readSourceFile(full: string): SourceFile {
  const text = fs.readFileSync(full, 'utf8');
  const source = ts.createSourceFile(full, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const lineOf = (node: ts.Node): number => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const references: ModuleReference[] = [];
  const envReads: number[] = [];
  const add = (specifier: string | null, node: ts.Node): void => {
    if (specifier === null) return;
    const target = specifier.startsWith('.') ? toPosix(path.relative(packageRoot, path.resolve(path.dirname(full), specifier))) : null;
    references.push({ specifier, target, line: lineOf(node) });
  };

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(stringArgument(node.moduleSpecifier), node);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(stringArgument(node.moduleReference.expression), node);
    else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      add(stringArgument(node.arguments[0]), node);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(stringArgument(node.argument.literal), node);
    else if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) add(node.name.text, node);
    else if (ts.isPropertyAccessExpression(node) && node.name.text === 'env' && isProcess(node.expression)) envReads.push(lineOf(node));
    else if (ts.isElementAccessExpression(node) && stringArgument(node.argumentExpression) === 'env' && isProcess(node.expression)) envReads.push(lineOf(node));
    else if (ts.isVariableDeclaration(node) && node.initializer && isProcess(node.initializer) && ts.isObjectBindingPattern(node.name)) {
      const readsEnv = node.name.elements.some((element) => (element.propertyName ?? element.name).getText(source) === 'env');
      if (readsEnv) envReads.push(lineOf(node));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  for (const directive of source.typeReferenceDirectives) {
    references.push({ specifier: directive.fileName, target: null, line: source.getLineAndCharacterOfPosition(directive.pos).line + 1 });
  }

  const lines = text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  return { file: toPosix(path.relative(packageRoot, full)), lines, references, envReads };
}

function isUnder(file: string, folder: string): boolean {
  return file === folder || file.startsWith(`${folder}/`);
}

/** Every `file:line imports 'x'` where a file outside `allowed` folders imports a package matching `matches`. */
function packageOffenders(files: SourceFile[], matches: (specifier: string) => boolean, allowed: string[]): string[] {
  return files
    .filter(({ file }) => !allowed.some((folder) => isUnder(file, folder)))
    .flatMap(({ file, references }) => references.filter((ref) => matches(ref.specifier)).map((ref) => `${file}:${ref.line} imports '${ref.specifier}'`));
}

/** Every `file:line imports 'x'` where a file under `from` imports a file under one of `forbidden`. */
function directionOffenders(files: SourceFile[], from: string, forbidden: string[]): string[] {
  return files
    .filter(({ file }) => isUnder(file, from))
    .flatMap(({ file, references }) =>
      references
        .filter((ref) => ref.target !== null && forbidden.some((folder) => isUnder(ref.target!, folder)))
        .map((ref) => `${file}:${ref.line} imports '${ref.specifier}' (${ref.target})`),
    );
}

function packageNamed(...names: string[]): (specifier: string) => boolean {
  return (specifier) => names.some((name) => specifier === name || specifier.startsWith(`${name}/`));
}

function expectNone(offenders: string[], what: string): void {
  expect(offenders, `${what}:\n${offenders.join('\n')}`).to.deep.equal([]);
}

describe('meta: imports and file sizes in src/', () => {
  const files = listTsFiles(path.join(packageRoot, 'src')).map(readSourceFile);

  it('reads the TypeScript files of src/ and finds their imports', () => {
    expect(files.length).to.be.greaterThan(0);
    expect(files.some(({ references }) => references.length > 0)).to.equal(true);
  });

  it('only files under src/storage/ import mongodb or better-sqlite3', () => {
    expectNone(packageOffenders(files, packageNamed('mongodb', 'better-sqlite3'), ['src/storage']), 'database drivers imported outside src/storage/');
  });

  it('only files under src/transports/http/ import koa, @koa/router, find-my-way or cors', () => {
    const http = (specifier: string): boolean => /^(koa|koa-[^/]+|@koa\/[^/]+|find-my-way|cors)(\/|$)/.test(specifier);
    expectNone(packageOffenders(files, http, ['src/transports/http']), 'an HTTP framework imported outside src/transports/http/');
  });

  it('only files under src/transports/socket/ and src/notifications/ import socket.io, type-only imports included', () => {
    expectNone(packageOffenders(files, packageNamed('socket.io'), ['src/transports/socket', 'src/notifications']), 'socket.io imported elsewhere');
  });

  it('only src/config.ts reads process.env', () => {
    const offenders = files.filter(({ file }) => file !== 'src/config.ts').flatMap(({ file, envReads }) => envReads.map((line) => `${file}:${line} reads process.env`));
    expectNone(offenders, 'process.env read outside src/config.ts');
  });

  it('src/methods/ never imports from src/transports/', () => {
    expectNone(directionOffenders(files, 'src/methods', ['src/transports']), 'methods importing transports');
  });

  it('src/storage/ never imports from src/methods/, src/registry/ or src/transports/', () => {
    expectNone(directionOffenders(files, 'src/storage', ['src/methods', 'src/registry', 'src/transports']), 'storage importing upwards');
  });

  it('src/registry/ never imports from src/transports/', () => {
    expectNone(directionOffenders(files, 'src/registry', ['src/transports']), 'registry importing transports');
  });

  it(`no file under src/ is longer than ${MAX_LINES} lines (src/generated/ aside: written by scripts, read by the compiler)`, () => {
    const offenders = files.filter(({ file, lines }) => lines > MAX_LINES && !isUnder(file, 'src/generated')).map(({ file, lines }) => `${file}: ${lines} lines`);
    expectNone(offenders, `files longer than ${MAX_LINES} lines (DESIGN asks for about 200)`);
  });
});
