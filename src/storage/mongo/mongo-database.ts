/** The MongoDB backend through the official driver (also FerretDB, which speaks the same protocol). */
import { ApiError } from '../../errors';
import { Collection, MongoClient, MongoError, MongoServerError } from 'mongodb';
import { RoundTripCounter } from '../round-trips';
import { StoreUnavailableError } from '../store';
import { Database, Doc, DocumentCollection, DuplicateKeyError, Filter, FindOptions, IndexSpec, Update, findViolatedIndex, previewUpdate } from './documents';

const DUPLICATE_KEY = 11000;

/** Connects to `url` and uses the database named in it (default `logbook`); `counter` hears of every command sent. */
export async function openMongoDatabase(url: string, counter = new RoundTripCounter()): Promise<Database> {
  // Command monitoring reports each command the driver sends (a cursor's getMore too), from any collection.
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000, ignoreUndefined: true, monitorCommands: true });
  client.on('commandStarted', () => {
    counter.roundTrips++;
    counter.statements++;
  });
  await guard(() => client.connect());
  const db = client.db();
  return {
    async collection(name, indexes) {
      const collection = db.collection<Doc>(name);
      // One command per index: FerretDB 1.24.0 panics and drops the connection when one createIndexes
      // command names two or more indexes that already exist, which is what every restart does.
      for (const index of indexes) {
        await guard(() => collection.createIndex(index.fields, { name: index.name, unique: index.unique ?? false }));
      }
      return new MongoCollection(collection, indexes);
    },
    async ping() {
      await guard(() => db.command({ ping: 1 }));
    },
    async close() {
      await client.close();
    },
  };
}

class MongoCollection implements DocumentCollection {
  constructor(
    private readonly collection: Collection<Doc>,
    private readonly indexes: IndexSpec[],
  ) {}

  async insertOne(doc: Doc): Promise<void> {
    try {
      await guard(() => this.collection.insertOne(doc));
    } catch (error) {
      if (isDuplicateKey(error)) {
        throw new DuplicateKeyError(await findViolatedIndex(this, this.indexes, doc));
      }
      throw error;
    }
  }

  async insertMany(docs: Doc[]): Promise<void> {
    if (docs.length === 0) return;
    try {
      await guard(() => this.collection.insertMany(docs, { ordered: false }));
    } catch (error) {
      if (isDuplicateKey(error)) throw new DuplicateKeyError(['_id']);
      throw error;
    }
  }

  findOne(filter: Filter): Promise<Doc | null> {
    return guard(() => this.collection.findOne(filter));
  }

  find(filter: Filter, options: FindOptions = {}): Promise<Doc[]> {
    return guard(() => {
      let cursor = this.collection.find(filter);
      if (options.sort) cursor = cursor.sort(options.sort);
      if (options.skip) cursor = cursor.skip(options.skip);
      // The whole page in the first batch (up to 16 MiB): one round trip, not a find then a getMore past 101 documents.
      if (options.limit !== undefined) cursor = cursor.limit(options.limit).batchSize(options.limit);
      return cursor.toArray();
    });
  }

  count(filter: Filter): Promise<number> {
    return guard(() => this.collection.countDocuments(filter));
  }

  async updateOne(filter: Filter, update: Update): Promise<Doc | null> {
    const modifier = toModifier(update);
    if (Object.keys(modifier).length === 0) return this.findOne(filter);
    try {
      return await guard(() => this.collection.findOneAndUpdate(filter, modifier, { returnDocument: 'after' }));
    } catch (error) {
      if (!(isDuplicateKey(error))) throw error;
      const preview = await previewUpdate(this, filter, update);
      throw new DuplicateKeyError(preview ? await findViolatedIndex(this, this.indexes, preview, true) : []);
    }
  }

  async updateMany(filter: Filter, update: Update): Promise<number> {
    const modifier = toModifier(update);
    if (Object.keys(modifier).length === 0) return 0;
    // matchedCount, not modifiedCount: a match that already held the values counts, as on the embedded store.
    return (await guard(() => this.collection.updateMany(filter, modifier))).matchedCount;
  }

  async deleteOne(filter: Filter): Promise<boolean> {
    return (await guard(() => this.collection.deleteOne(filter))).deletedCount > 0;
  }

  async deleteMany(filter: Filter): Promise<number> {
    return (await guard(() => this.collection.deleteMany(filter))).deletedCount;
  }
}

/**
 * MongoDB reports code 11000. FerretDB 1.x on SQLite does so for inserts, but an update that breaks a
 * unique index comes back as InternalError (code 1) quoting SQLite's "UNIQUE constraint failed".
 */
function isDuplicateKey(error: unknown): boolean {
  if (!(error instanceof MongoServerError)) return false;
  return error.code === DUPLICATE_KEY || /UNIQUE constraint failed|E11000 duplicate key/.test(error.message);
}

function toModifier(update: Update): Record<string, Record<string, unknown>> {
  const modifier: Record<string, Record<string, unknown>> = {};
  if (update.set && Object.keys(update.set).length > 0) modifier.$set = update.set;
  if (update.unset && update.unset.length > 0) modifier.$unset = Object.fromEntries(update.unset.map((f) => [f, '']));
  return modifier;
}

/** Turns lost connections into StoreUnavailableError; server-side refusals pass through unchanged. */
async function guard<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof MongoError && !(error instanceof MongoServerError)) throw new StoreUnavailableError(error);
    // FerretDB 1.x stores no arrays inside arrays (MongoDB does): a clear refusal, not a 500.
    if (error instanceof MongoServerError && /nested arrays are not supported/.test(error.message)) {
      throw new ApiError('invalid-parameters-format', 'This MongoDB-compatible store (FerretDB) cannot store arrays inside arrays', [{ path: '', message: 'holds an array inside an array' }]);
    }
    throw error;
  }
}
