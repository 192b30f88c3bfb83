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
        // Read lastSeq first: a page read afterwards can only end at or beyond it, never skip below it.
        const lastSeq = await store.changes.latestSeq(account);
        const oldest = await store.changes.oldestSeq(account);
        if (oldest !== null && since < oldest - 1) {
          throw new ApiError('changes-expired', `Changes after seq ${since} are no longer kept; the oldest kept is ${oldest}`, { since, oldestSeq: oldest });
        }
        const changes: Change[] = [];
        let cursor = since;
        // Pages of `limit`, skipping what the caller may not read, until `limit` readable changes or the end.
        while (changes.length < limit) {
          const page = await store.changes.since(account, cursor, limit);
          for (const change of page) {
            cursor = change.seq;
            if (!mayReadChange(caller, change)) continue;
            const { scope: _scope, ...visible } = change;
            changes.push(visible);
            if (changes.length === limit) break;
          }
          if (page.length < limit) break;
        }
        return { changes, lastSeq: Math.max(lastSeq, cursor) };
      },
    }),
  ];
}
