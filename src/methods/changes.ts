/** changes.get: the account's change log since a seq, filtered to what the caller may read. */
import { ApiError } from '../errors';
import type { Change } from '../model/items';
import { jsonText } from '../model/json-text';
import type { StoredChange } from '../storage/store';
import { callerOf } from '../registry/call-context';
import { defineMethod, MethodDefinition } from '../registry/method-definition';
import { changeVisibility, readableIds } from './change-visibility';
import type { MethodDeps } from './method-deps';

const DEFAULT_LIMIT = 1000;

export function changeMethods({ store }: MethodDeps): MethodDefinition[] {
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
        const caller = callerOf(context);
        const visibility = changeVisibility(caller);
        const limit = params.limit ?? DEFAULT_LIMIT;
        // One read of the store (on SQLite one read transaction): the page, filtered inside the query (a
        // narrowly scoped access costs one bounded read, not a walk of the log), with the ends of the log.
        // A caller that reads every change of its channels whole gets the stored text as it is (no change is
        // parsed or serialised again); pageJson reads the ends and the page as one snapshot, so lastSeq is the latest.
        if (visibility.partial.length === 0 && store.changes.pageJson) {
          const page = await store.changes.pageJson(account, since, limit, visibility);
          requireRetained(since, page.expired);
          return { changes: jsonText<Change[]>(page.json), lastSeq: page.latestSeq };
        }
        const page = await store.changes.page(account, since, limit, visibility);
        requireRetained(since, page.expired);
        const changes = page.changes.map((change) => publicChange(change, readableIds(caller, change)));
        return { changes, lastSeq: Math.max(page.latestSeq, changes[changes.length - 1]?.seq ?? 0) };
      },
    }),
  ];
}

/** `changes-expired` when changes right after `since` are no longer kept. */
function requireRetained(since: number, expired: { oldestSeq: number } | null): void {
  if (expired) throw new ApiError('changes-expired', `Changes after seq ${since} are no longer kept; the oldest kept is ${expired.oldestSeq}`, { since, oldestSeq: expired.oldestSeq });
}

/**
 * The change as callers see it: no scope, and ids only when readable. Built as one literal of fixed
 * shape: a rest spread per change cost more than the rest of the answer's making in a profile.
 */
function publicChange({ seq, kind, action, channelId, time }: StoredChange, ids: string[] | undefined): Change {
  if (channelId === undefined) return ids === undefined ? { seq, kind, action, time } : { seq, kind, action, ids, time };
  return ids === undefined ? { seq, kind, action, channelId, time } : { seq, kind, action, channelId, ids, time };
}
