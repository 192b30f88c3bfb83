/** changes.get: the account's change log since a seq, filtered to what the caller may read. */
import { ApiError } from '../errors';
import type { Change } from '../model/items';
import { callerOf } from '../registry/call-context';
import { defineMethod, MethodDefinition } from '../registry/method-definition';
import { mayReadChange } from './change-visibility';
import type { MethodDeps } from './method-deps';

interface GetParams {
  since?: number;
  limit?: number;
}

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
    defineMethod<GetParams, { changes: Change[]; lastSeq: number }>({
      name: 'changes.get',
      channelScoped: false,
      authentication: 'token',
      paramsSchema: 'methods/changes.get.json',
      http: { verb: 'get', path: '/changes' },
      async run(params, context) {
        const caller = callerOf(context);
        const account = context.username;
        const since = params.since ?? 0;
        const limit = params.limit ?? DEFAULT_LIMIT;
        await requireRetained(since, account);
        const changes: Change[] = [];
        let cursor = since;
        let reachedEnd = false;
        // Pages of `limit`, skipping what the caller may not read, until `limit` readable changes or the end.
        while (changes.length < limit && !reachedEnd) {
          const page = await store.changes.since(account, cursor, limit);
          let scanned = 0;
          for (const change of page) {
            if (changes.length === limit) break;
            cursor = change.seq;
            scanned++;
            if (!mayReadChange(caller, change)) continue;
            const { scope: _scope, ...visible } = change;
            changes.push(visible);
          }
          reachedEnd = page.length < limit && scanned === page.length;
        }
        // At the end of the log the cursor is the latest seq; otherwise (or when nothing came) it must be read.
        const lastSeq = reachedEnd && cursor > since ? cursor : await store.changes.latestSeq(account);
        return { changes, lastSeq };
      },
    }),
  ];
}
