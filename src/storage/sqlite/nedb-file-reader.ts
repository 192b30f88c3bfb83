/** Reads a @seald-io/nedb data file as nedb does on load: later lines replace earlier ones, deletions remove. */
import fs from 'node:fs';
import readline from 'node:readline';

/** What reading a file found: the documents kept, by `_id`, are handed to `keep` and `drop` as they come. */
export interface NedbLineSink {
  /** A document line: it replaces any earlier document with the same `_id`. */
  keep(id: string, doc: Record<string, unknown>): void;
  /** A `{"$$deleted": true}` line: the document is gone. */
  drop(id: string): void;
  /** Called every `every` document lines and once at the end, with the number read so far. */
  progress(done: number, final: boolean): void;
}

const PROGRESS_EVERY = 10000;

/** Streams the file line by line; returns how many lines could not be parsed (nedb tolerates a few). */
export async function readNedbFile(file: string, sink: NedbLineSink): Promise<{ documents: number; corrupt: number }> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let documents = 0;
  let corrupt = 0;
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let doc: Record<string, unknown>;
    try {
      doc = JSON.parse(line, revive) as Record<string, unknown>;
    } catch {
      corrupt++;
      continue;
    }
    // Index metadata, not data.
    if ('$$indexCreated' in doc || '$$indexRemoved' in doc) continue;
    const id = doc._id;
    if (typeof id !== 'string') {
      corrupt++;
      continue;
    }
    if (doc.$$deleted === true) sink.drop(id);
    else sink.keep(id, doc);
    documents++;
    if (documents % PROGRESS_EVERY === 0) sink.progress(documents, false);
  }
  sink.progress(documents, true);
  return { documents, corrupt };
}

// nedb writes dates as {"$$date": ms}; ours stored numbers only, but a date reads back as its time in seconds.
function revive(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const date = (value as { $$date?: unknown }).$$date;
    if (typeof date === 'number' && Object.keys(value).length === 1) return date / 1000;
  }
  return value;
}
