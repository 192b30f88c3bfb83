/** Ending an access (logout, accesses.delete): remove it, leave a deletion record, close its sockets. */
import type { Access, Deletion } from '../model/items';
import { accessChange } from './accesses';
import type { MethodDeps } from './method-deps';

export async function endAccess({ store, sessions }: MethodDeps, account: string, access: Access, now: number): Promise<Deletion> {
  const deletion = { id: access.id, deleted: now };
  await store.accesses.remove(account, access, now, accessChange('deleted', access));
  // Last, with nothing awaited after it: the disconnect waits one turn, by which time the caller's
  // own answer (a socket ending its own access) has been sent.
  sessions.disconnectAccess(account, access.id);
  return deletion;
}
