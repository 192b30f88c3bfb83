/** The embedded backend: one @seald-io/nedb append-only file per collection in DATA_DIR. */
import fs from 'node:fs';
import path from 'node:path';
import Datastore from '@seald-io/nedb';
import { Database, Doc, DocumentCollection, DuplicateKeyError, Filter, FindOptions, IndexSpec, Update, findViolatedIndex, previewUpdate } from '../database';

// nedb rewrites its file only on compaction; once every ten minutes bounds the file's growth.
const COMPACTION_INTERVAL_MS = 10 * 60 * 1000;

/** Opens (creating if needed) the embedded database in `dataDir`. */
export async function openEmbeddedDatabase(dataDir: string): Promise<Database> {
  await fs.promises.mkdir(dataDir, { recursive: true });
  const stores = new Map<string, Datastore<Doc>>();
  return {
    kind: 'embedded',
    async collection(name, indexes) {
      let store = stores.get(name);
      if (!store) {
        store = new Datastore<Doc>({ filename: path.join(dataDir, `${name}.db`) });
        await store.loadDatabaseAsync();
        store.setAutocompactionInterval(COMPACTION_INTERVAL_MS);
        stores.set(name, store);
      }
      for (const fields of embeddedIndexes(indexes)) {
        await store.ensureIndexAsync({ fieldName: fields.fields.length === 1 ? fields.fields[0] : fields.fields, unique: fields.unique });
      }
      return new EmbeddedCollection(store, indexes);
    },
    async ping() {},
    async close() {
      for (const store of stores.values()) {
        store.stopAutocompaction();
        await store.compactDatafileAsync();
      }
      stores.clear();
    },
  };
}

class EmbeddedCollection implements DocumentCollection {
  constructor(
    private readonly store: Datastore<Doc>,
    private readonly indexes: IndexSpec[],
  ) {}

  async insertOne(doc: Doc): Promise<void> {
    try {
      await this.store.insertAsync(doc);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateKeyError(await findViolatedIndex(this, this.indexes, doc));
      throw error;
    }
  }

  async findOne(filter: Filter): Promise<Doc | null> {
    return (await this.store.findOneAsync(filter)) ?? null;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<Doc[]> {
    let cursor = this.store.findAsync(filter);
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit !== undefined) cursor = cursor.limit(options.limit);
    return cursor;
  }

  count(filter: Filter): Promise<number> {
    return this.store.countAsync(filter);
  }

  async updateOne(filter: Filter, update: Update): Promise<Doc | null> {
    const modifier = toModifier(update);
    // nedb reads a modifier without `$` operators as a replacement document: `{}` would wipe the match.
    if (Object.keys(modifier).length === 0) return this.findOne(filter);
    try {
      const result = await this.store.updateAsync(filter, modifier, { returnUpdatedDocs: true, multi: false });
      return (result.affectedDocuments as Doc | null) ?? null;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const preview = await previewUpdate(this, filter, update);
      throw new DuplicateKeyError(preview ? await findViolatedIndex(this, this.indexes, preview, true) : []);
    }
  }

  async updateMany(filter: Filter, update: Update): Promise<number> {
    const modifier = toModifier(update);
    // As in updateOne: an empty modifier would replace every match with `{}`.
    if (Object.keys(modifier).length === 0) return 0;
    const result = await this.store.updateAsync(filter, modifier, { multi: true });
    return result.numAffected;
  }

  async deleteOne(filter: Filter): Promise<boolean> {
    return (await this.store.removeAsync(filter, { multi: false })) > 0;
  }

  deleteMany(filter: Filter): Promise<number> {
    return this.store.removeAsync(filter, { multi: true });
  }
}

/**
 * The indexes nedb can use. nedb picks an index only when a query names all its fields by equality,
 * and never sorts with one; the declared indexes end with their range or sort field (time, seq…),
 * so for nedb a non-unique index stands on the fields before that one. Unique ones stay whole: they
 * are constraints, not lookups.
 */
export function embeddedIndexes(indexes: IndexSpec[]): { fields: string[]; unique: boolean }[] {
  const result = new Map<string, { fields: string[]; unique: boolean }>();
  for (const index of indexes) {
    const declared = Object.keys(index.fields);
    const fields = index.unique || declared.length === 1 ? declared : declared.slice(0, -1);
    const key = `${fields.join(',')}${index.unique ? '!' : ''}`;
    if (!result.has(key)) result.set(key, { fields, unique: index.unique ?? false });
  }
  return [...result.values()];
}

function toModifier(update: Update): Record<string, unknown> {
  const modifier: Record<string, unknown> = {};
  if (update.set && Object.keys(update.set).length > 0) modifier.$set = update.set;
  if (update.unset && update.unset.length > 0) modifier.$unset = Object.fromEntries(update.unset.map((f) => [f, true]));
  return modifier;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { errorType?: string }).errorType === 'uniqueViolated';
}
