/** The document layer under the MongoDB stores: filter documents stay in this folder. */

/** A stored document; `_id` is always a string the stores compose (e.g. `account/id`). */
export type Doc = { _id: string } & Record<string, unknown>;

/** A filter document in MongoDB syntax, built by stores from typed params, never from raw client input. */
export type Filter = Record<string, unknown>;

export type SortSpec = Record<string, 1 | -1>;

export interface FindOptions {
  sort?: SortSpec;
  skip?: number;
  limit?: number;
}

/** Field assignments and removals; the backends translate them to their own operators. */
export interface Update {
  set?: Record<string, unknown>;
  unset?: string[];
}

export interface IndexSpec {
  name: string;
  fields: SortSpec;
  unique?: boolean;
}

/** Raised by a backend when a write violates a unique index; `fields` names that index's fields. */
export class DuplicateKeyError extends Error {
  constructor(readonly fields: string[]) {
    super(`duplicate key on ${fields.join(', ')}`);
    this.name = 'DuplicateKeyError';
  }
}

export interface DocumentCollection {
  insertOne(doc: Doc): Promise<void>;
  /** Inserts many at once (unordered); duplicate keys fail as in insertOne. */
  insertMany(docs: Doc[]): Promise<void>;
  findOne(filter: Filter): Promise<Doc | null>;
  find(filter: Filter, options?: FindOptions): Promise<Doc[]>;
  count(filter: Filter): Promise<number>;
  /** Updates the first match and returns it as stored afterwards, or null when nothing matched. */
  updateOne(filter: Filter, update: Update): Promise<Doc | null>;
  updateMany(filter: Filter, update: Update): Promise<number>;
  deleteOne(filter: Filter): Promise<boolean>;
  deleteMany(filter: Filter): Promise<number>;
}

export interface Database {
  /** Opens a collection and makes sure its indexes exist. */
  collection(name: string, indexes: IndexSpec[]): Promise<DocumentCollection>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Which unique index a duplicate-key failure hit, found by asking for each index's values of `doc`
 * in the other documents: both backends name the index differently (or not at all) in their errors.
 */
export async function findViolatedIndex(collection: DocumentCollection, indexes: IndexSpec[], doc: Doc, isUpdate = false): Promise<string[]> {
  for (const index of indexes.filter((i) => i.unique)) {
    const fields = Object.keys(index.fields);
    const filter: Filter = { _id: { $ne: doc._id } };
    for (const field of fields) filter[field] = doc[field] ?? null;
    if (await collection.findOne(filter)) return fields;
  }
  return isUpdate ? [] : ['_id'];
}

/** The document an update would produce, for {@link findViolatedIndex} after a refused update. */
export async function previewUpdate(collection: DocumentCollection, filter: Filter, update: Update): Promise<Doc | null> {
  const current = await collection.findOne(filter);
  if (!current) return null;
  const preview: Doc = { ...current, ...(update.set ?? {}) };
  for (const field of update.unset ?? []) delete preview[field];
  return preview;
}
