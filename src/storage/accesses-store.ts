/** Accesses (tokens with permissions) of an account. */
import type { Access } from '../model/items';
import { AccountCollection, accountIndex } from './account-collection';
import { Database } from './database';

export class AccessesStore extends AccountCollection<Access> {
  static async open(db: Database): Promise<AccessesStore> {
    return new AccessesStore(await db.collection('accesses', [accountIndex('account_type', ['type'])]), { freeForm: ['clientData'] });
  }
}
