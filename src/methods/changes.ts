/** changes.get: the account's change log since a seq, filtered to what the caller may read. */
import { ApiError } from '../errors';
import type { Change } from '../model/items';
import { callerOf } from '../registry/call-context';
import { defineMethod, MethodDefinition } from '../registry/method-definition';
import { changeVisibility, readableIds } from './change-visibility';
import type { MethodDeps } from './method-deps';

const DEFAULT_LIMIT = 1000;

export function changeMethods({ store }: MethodDeps): MethodDefinition[] {
  /**
   * `changes-expired` when the change right after `since` is no longer kept. When change `since` (or,
   * from 0, change 1) is still stored, nothing after it was trimmed: a primary-key read, no sort.
   */
  async function requireRetained(since: number, account: string): Promise<void> {
    if (await store.changes.exists(account, Math.max(since, 1))) return;
    const oldest = await store.changes.oldestSeq(account);
    if (oldest !== null && since < oldest - 1) {
      throw new ApiError('changes-expired', `Changes after seq ${since} are no longer kept; the oldest kept is ${oldest}`, { since, oldestSeq: oldest });
    }
  }

  return [
    defineMethod({
      name: 'changes.get',
      channelScoped: false,
      authentication: 'token',
      paramsSchema: 'methods/changes.get.json',
      resultSchema: 'results/changes.get.json',
      http: { verb: 'get', path: '/changes' },
      async run(params, context) {
        const account = context.username;
        const since = params.since ?? 0;
        await requireRetained(since, account);
        // Read before the page: a change stored meanwhile is then in the page or after lastSeq, never skipped.
        const lastSeq = await store.changes.latestSeq(account);
        // Filtered inside the query: a narrowly scoped access costs one bounded read, not a walk of the log.
        const caller = callerOf(context);
        const stored = await store.changes.since(account, since, params.limit ?? DEFAULT_LIMIT, changeVisibility(caller));
        const changes = stored.map((change): Change => {
          const { scope: _scope, ids: _ids, ...visible } = change;
          const ids = readableIds(caller, change);
          return ids === undefined ? visible : { ...visible, ids };
        });
        return { changes, lastSeq: Math.max(lastSeq, changes[changes.length - 1]?.seq ?? 0) };
      },
    }),
  ];
}
