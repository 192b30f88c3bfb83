/** Items that belong to one account (channels, folders, events, accesses): ids, escaping and conflicts in one place. */
import { ApiError } from '../errors';
import { Doc, DocumentCollection, DuplicateKeyError, Filter, FindOptions, IndexSpec } from './database';
import { decodeKeys, encodeKeys } from './safe-keys';

/** The tracking fields of SPEC §1 that every stored item carries. */
export interface Tracking {
  created: number;
  createdBy: string;
  modified: number;
  modifiedBy: string;
}

/** A unique index led by the account, as DESIGN.md asks of every index. */
export function accountIndex(name: string, fields: string[], unique = false): IndexSpec {
  const spec: Record<string, 1> = { account: 1 };
  for (const field of fields) spec[field] = 1;
  return { name, fields: spec, unique };
}

/**
 * One collection of account items. `_id` is `account/id`, so item ids are unique per account in both
 * backends; `freeForm` fields (content, clientData) have their keys escaped on the way in and out.
 */
export class AccountCollection<T extends { id: string }> {
  constructor(
    private readonly collection: DocumentCollection,
    private readonly freeForm: readonly string[] = [],
  ) {}

  async insert(account: string, item: T): Promise<T> {
    const doc = this.toDoc(account, item);
    try {
      await this.collection.insertOne(doc);
    } catch (error) {
      throw this.conflict(error, doc);
    }
    return item;
  }

  async get(account: string, id: string): Promise<T | null> {
    return this.toItem(await this.collection.findOne({ _id: docId(account, id) }));
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

  /** Sets (value) or removes (`undefined`) fields of one item; null when the item does not exist. */
  async update(account: string, id: string, changes: Partial<Record<keyof T & string, unknown>>): Promise<T | null> {
    const set: Record<string, unknown> = {};
    const unset: string[] = [];
    for (const [field, value] of Object.entries(changes)) {
      if (value === undefined) unset.push(field);
      else set[field] = this.freeForm.includes(field) ? encodeKeys(value) : value;
    }
    try {
      return this.toItem(await this.collection.updateOne({ _id: docId(account, id) }, { set, unset }));
    } catch (error) {
      throw this.conflict(error, { _id: docId(account, id), account, ...set });
    }
  }

  /** Applies the same field changes to every item matching `filter`. */
  updateMany(account: string, filter: Filter, set: Record<string, unknown>): Promise<number> {
    return this.collection.updateMany({ ...filter, account }, { set });
  }

  remove(account: string, id: string): Promise<boolean> {
    return this.collection.deleteOne({ _id: docId(account, id) });
  }

  removeMany(account: string, filter: Filter): Promise<number> {
    return this.collection.deleteMany({ ...filter, account });
  }

  private toDoc(account: string, item: T): Doc {
    const doc: Doc = { _id: docId(account, item.id), account };
    for (const [field, value] of Object.entries(item)) {
      if (value !== undefined) doc[field] = this.freeForm.includes(field) ? encodeKeys(value) : value;
    }
    return doc;
  }

  private toItem(doc: Doc | null): T | null {
    if (!doc) return null;
    const item: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(doc)) {
      if (field === '_id' || field === 'account') continue;
      item[field] = this.freeForm.includes(field) ? decodeKeys(value) : value;
    }
    return item as T;
  }

  /** Names the conflicting keys with their values, as SPEC's `item-already-exists` asks. */
  private conflict(error: unknown, doc: Doc): unknown {
    if (!(error instanceof DuplicateKeyError)) return error;
    const fields = error.fields.filter((f) => f !== 'account').map((f) => (f === '_id' ? 'id' : f));
    const data: Record<string, unknown> = {};
    for (const field of fields) data[field] = field === 'id' ? String(doc._id).slice(String(doc.account).length + 1) : doc[field];
    return new ApiError('item-already-exists', `An item with the same ${fields.join(', ') || 'key'} already exists`, data);
  }
}

function docId(account: string, id: string): string {
  return `${account}/${id}`;
}
