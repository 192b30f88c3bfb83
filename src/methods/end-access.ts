/** Ending an access (logout, accesses.delete): remove it, leave a deletion record, close its sockets. */
import type { Access, Deletion } from '../model/items';
import type { MethodDeps } from './method-deps';

export async function endAccess({ store, changeLog, sessions }: MethodDeps, account: string, access: Access, now: number): Promise<Deletion> {
  const accessId = access.id;
  const deletion = { id: accessId, deleted: now };
  await store.deletions.record(account, 'accesses', deletion, { createdBy: access.createdBy });
  await store.accesses.remove(account, accessId);
  await changeLog.record(account, { kind: 'accesses', action: 'deleted', ids: [accessId], scope: { accessCreators: [access.createdBy] } });
  // Last, with nothing awaited after it: the disconnect waits one turn, by which time the caller's
  // own answer (a socket ending its own access) has been sent.
  sessions.disconnectAccess(account, accessId);
  return deletion;
}
