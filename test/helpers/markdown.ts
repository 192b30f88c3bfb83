/** Reads the tables of the project's markdown docs, for meta-tests that hold them to the code. */
import fs from 'node:fs';
import path from 'node:path';
import { findSchemasDir } from '../../src/validation/validator';

/** The repository root: where schemas/ is. */
export const packageRoot = path.dirname(findSchemasDir(__dirname));

/** A file of the repository, as text. */
export function readDoc(relative: string): string {
  return fs.readFileSync(path.join(packageRoot, ...relative.split('/')), 'utf8');
}

/** The text of the `## <title>` section, up to the next heading of any level; throws when there is none. */
export function section(markdown: string, title: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === `## ${title}`);
  if (start < 0) throw new Error(`no "## ${title}" section`);
  const end = lines.findIndex((line, i) => i > start && /^#+\s/.test(line));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

/** The rows of the tables in `markdown` whose first cell starts with a backquote: each row's cells, trimmed. */
export function tableRows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((line) => /^\|\s*`/.test(line))
    .map((line) => line.replace(/\\\|/g, '\u0000').split('|').slice(1, -1).map((cell) => cell.replace(/\u0000/g, '|').trim()));
}

/** The backquoted names in a cell: "`PORT`, `HOST`" gives PORT and HOST. */
export function codeNames(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
}
