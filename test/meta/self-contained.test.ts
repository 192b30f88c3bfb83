/**
 * Meta-test: the repository is self-contained. No tracked file (code, tests, scripts, docs, schemas,
 * package.json, .ci) names a path outside the repository, so a fresh clone with no sibling folders
 * builds, tests and reads its docs.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../helpers/markdown';

/** Folders that are built, installed or generated, never tracked. */
const UNTRACKED = new Set(['.git', 'node_modules', 'dist', 'var', '.venv', 'bench-results', 'schemathesis-report']);
const TEXT = /\.(ts|js|json|md|sh|toml|txt|yml|yaml)$|^(run|\.gitignore|\.mocharc\.json)$/;

/** Tracked files from git when there is a repository, else every file outside the generated folders. */
function trackedFiles(): string[] {
  try {
    return execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: packageRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\0').filter(Boolean);
  } catch {
    const walk = (dir: string): string[] =>
      fs.readdirSync(path.join(packageRoot, dir), { withFileTypes: true }).flatMap((entry) => {
        const relative = dir ? `${dir}/${entry.name}` : entry.name;
        if (entry.isDirectory()) return UNTRACKED.has(entry.name) ? [] : walk(relative);
        return [relative];
      });
    return walk('');
  }
}

// Written in two parts so that this file does not name the folder it looks for.
const SHARED_FOLDER = ['..', 'shared'].join('/');

/** Every relative path (`../x`, `../../y`) in `text` that resolves outside the repository from `file`'s folder. */
function escapingPaths(file: string, text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:\.\.\/)+[\w.@-]*/g)) {
    const resolved = path.resolve(packageRoot, path.dirname(file), match[0]);
    if (resolved !== packageRoot && !resolved.startsWith(packageRoot + path.sep)) found.push(match[0]);
  }
  return found;
}

describe('meta: the repository is self-contained', () => {
  const files = trackedFiles().filter((file) => TEXT.test(path.basename(file)) && file !== 'package-lock.json' && fs.existsSync(path.join(packageRoot, file)));

  it('finds the tracked text files', () => {
    expect(files).to.include.members(['README.md', 'package.json', 'docs/api.md', '.ci/run']);
  });

  it(`no tracked file names the ${SHARED_FOLDER} folder beside the repository`, () => {
    const offenders = files.filter((file) => fs.readFileSync(path.join(packageRoot, file), 'utf8').includes(SHARED_FOLDER));
    expect(offenders, `files naming ${SHARED_FOLDER}:\n${offenders.join('\n')}`).to.deep.equal([]);
  });

  it('no tracked file names a relative path that leaves the repository', () => {
    const offenders = files.flatMap((file) => escapingPaths(file, fs.readFileSync(path.join(packageRoot, file), 'utf8')).map((p) => `${file}: ${p}`));
    expect(offenders, `paths leaving the repository:\n${offenders.join('\n')}`).to.deep.equal([]);
  });
});
