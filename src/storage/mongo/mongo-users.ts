/** Accounts: one document per username. */
import { ApiError } from '../../errors';
import type { RealtimeSettings, User } from '../../model/items';
import type { UsersStore } from '../store';
import { Database, DocumentCollection, DuplicateKeyError } from './documents';

export class MongoUsers implements UsersStore {
  private constructor(private readonly collection: DocumentCollection) {}

  static async open(db: Database): Promise<MongoUsers> {
    return new MongoUsers(await db.collection('users', []));
  }

  async create(user: User): Promise<void> {
    try {
      await this.collection.insertOne({ _id: user.username, ...user });
    } catch (error) {
      if (error instanceof DuplicateKeyError) throw new ApiError('item-already-exists', `User "${user.username}" already exists`, { username: user.username });
      throw error;
    }
  }

  async get(username: string): Promise<User | null> {
    const doc = await this.collection.findOne({ _id: username });
    if (!doc) return null;
    const { _id, ...user } = doc;
    return user as unknown as User;
  }

  async updateRealtimeSettings(username: string, changes: Partial<RealtimeSettings>): Promise<Partial<RealtimeSettings> | null> {
    // One field per setting, so that concurrent updates of different settings both stay.
    const set = Object.fromEntries(Object.entries(changes).map(([key, value]) => [`realtime.${key}`, value]));
    const doc = await this.collection.updateOne({ _id: username }, { set });
    return doc === null ? null : ((doc.realtime ?? {}) as Partial<RealtimeSettings>);
  }

  remove(username: string): Promise<boolean> {
    return this.collection.deleteOne({ _id: username });
  }
}
