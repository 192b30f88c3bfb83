/** Items that belong to one account (channels, folders, events, accesses): keys, escaping and conflicts in one place. */
import { ApiError } from '../../errors';
import { isDeepStrictEqual } from 'node:util';
import { Doc, DocumentCollection, DuplicateKeyError, Filter, FindOptions, IndexSpec } from './documents';
import { decodeKeys, encodeKeys } from '../safe-keys';

/** An index led by the account, as DESIGN.md asks of every index. */
export function accountIndex(name: string, fields: string[], unique = false): IndexSpec {
  const spec: Record<string, 1> = { account: 1 };
  for (const field of fields) spec[field] = 1;
  return { name, fields: spec, unique };
}

/** The key of an item that lives inside a channel: its id is unique in that channel only. */
export function channelItemKey(channelId: string, id: string): string {
  return `${channelId}/${id}`;
}

export interface AccountCollectionOptions<T> {
  /** Fields holding client JSON (content, clientData): their keys are escaped on the way in and out. */
  freeForm?: readonly string[];
  /** The item's key within the account; ids never contain `/`, so `channelId/id` is unambiguous. */
  keyOf?: (item: T) => string;
  /** Stored-only fields computed from the item (for queries and indexes), never returned. */
  derived?: { fields: readonly string[]; compute(item: T): Record<string, unknown> };
}

/**
 * One collection of account items, stored under `_id = account/key` so keys are unique per account
 * in both backends without a second index.
 */
export class AccountCollection<T extends { id: string }> {
  private readonly freeForm: readonly string[];
  private readonly keyOf: (item: T) => string;
  private readonly derive: ((item: T) => Record<string, unknown>) | undefined;
  private readonly derived: ReadonlySet<string>;

  constructor(
    private readonly collection: DocumentCollection,
    options: AccountCollectionOptions<T> = {},
  ) {
    this.freeForm = options.freeForm ?? [];
    this.keyOf = options.keyOf ?? ((item) => item.id);
    this.derive = options.derived?.compute;
    this.derived = new Set(options.derived?.fields ?? []);
  }

  async insert(account: string, item: T): Promise<T> {
    const doc: Doc = { _id: docId(account, this.keyOf(item)), account, ...this.encode(item), ...(this.derive?.(item) ?? {}) };
    try {
      await this.collection.insertOne(doc);
    } catch (error) {
      throw conflict(error, doc);
    }
    return item;
  }

  async get(account: string, key: string): Promise<T | null> {
    return this.toItem(await this.collection.findOne({ _id: docId(account, key) }));
  }

  async findOne(account: string, filter: Filter): Promise<T | null> {
    return this.toItem(await this.collection.findOne({ ...filter, account }));
  }

  async find(account: string, filter: Filter, options?: FindOptions): Promise<T[]> {
    const docs = await this.collection.find({ ...filter, account }, options);
    return docs.map((doc) => this.toItem(doc) as T);
  }

  count(account: string, filter: Filter): Promise<number> {
    return this.collection.count({ ...filter, account });
  }

  /** Sets (value) or removes (`undefined`) fields of one item; null when it does not exist. Not for items with derived fields. */
  async update(account: string, key: string, changes: Partial<Record<keyof T & string, unknown>>): Promise<T | null> {
    const set: Record<string, unknown> = {};
    const unset: string[] = [];
    for (const [field, value] of Object.entries(changes)) {
      if (value === undefined) unset.push(field);
      else set[field] = this.freeForm.includes(field) ? encodeKeys(value) : value;
    }
    const _id = docId(account, key);
    try {
      return this.toItem(await this.collection.updateOne({ _id }, { set, unset }));
    } catch (error) {
      throw conflict(error, { _id, account, ...set });
    }
  }

  /** Stores `next` in place of `previous` (same key), writing only the fields that changed (derived ones recomputed). */
  async replace(account: string, previous: T, next: T): Promise<T | null> {
    const before: Record<string, unknown> = { ...previous, ...(this.derive?.(previous) ?? {}) };
    const after: Record<string, unknown> = { ...next, ...(this.derive?.(next) ?? {}) };
    const set: Record<string, unknown> = {};
    const unset: string[] = [];
    for (const [field, value] of Object.entries(after)) {
      if (value === undefined) continue;
      if (!isDeepStrictEqual(value, before[field])) set[field] = this.freeForm.includes(field) ? encodeKeys(value) : value;
    }
    for (const field of Object.keys(before)) if (before[field] !== undefined && after[field] === undefined) unset.push(field);
    const _id = docId(account, this.keyOf(previous));
    try {
      return this.toItem(await this.collection.updateOne({ _id }, { set, unset }));
    } catch (error) {
      // The whole next item names the conflict: its unchanged fields belong to the violated index too.
      throw conflict(error, { _id, account, ...after });
    }
  }

  /** Applies the same field values to every item matching `filter`. Not for fields that feed derived ones. */
  updateMany(account: string, filter: Filter, set: Record<string, unknown>): Promise<number> {
    // Free-form fields are escaped here as in insert and update, or their `$`/`.` keys reach the driver.
    const escaped = Object.fromEntries(Object.entries(set).map(([field, value]) => [field, this.freeForm.includes(field) ? encodeKeys(value) : value]));
    return this.collection.updateMany({ ...filter, account }, { set: escaped });
  }

  remove(account: string, key: string): Promise<boolean> {
    return this.collection.deleteOne({ _id: docId(account, key) });
  }

  removeMany(account: string, filter: Filter): Promise<number> {
    return this.collection.deleteMany({ ...filter, account });
  }

  private encode(item: T): Record<string, unknown> {
    const fields: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(item)) {
      if (value !== undefined) fields[field] = this.freeForm.includes(field) ? encodeKeys(value) : value;
    }
    return fields;
  }

  private toItem(doc: Doc | null): T | null {
    if (!doc) return null;
    const item: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(doc)) {
      if (field === '_id' || field === 'account' || this.derived.has(field)) continue;
      item[field] = this.freeForm.includes(field) ? decodeKeys(value) : value;
    }
    return item as T;
  }
}

function docId(account: string, key: string): string {
  return `${account}/${key}`;
}

/** Names the conflicting keys with their values, as SPEC's `item-already-exists` asks. */
function conflict(error: unknown, doc: Doc): unknown {
  if (!(error instanceof DuplicateKeyError)) return error;
  const fields = error.fields.filter((f) => !['account', 'channelId', 'parentKey'].includes(f)).map((f) => (f === '_id' ? 'id' : f));
  const data: Record<string, unknown> = {};
  for (const field of fields) data[field] = doc[field];
  return new ApiError('item-already-exists', `An item with the same ${fields.join(', ') || 'key'} already exists`, data);
}
