/** The change log on SQLite: reads filtered by what an access may see, inside the query, and retention. */
import type Database from 'better-sqlite3';
import type { ChangesStore, ChangeVisibility, StoredChange } from '../store';

// One statement for every visibility, walking the (account, seq) primary key in order: the visibility
// comes as parameters (lists as JSON), so LIMIT counts only readable changes and a page never comes short.
export const CHANGES_SINCE_SQL = `SELECT doc FROM changes AS c WHERE c.account = @account AND c.seq > @since AND (
  (c.kind = 'accesses' AND (@allAccesses = 1
    OR EXISTS (SELECT 1 FROM json_each(c.scope, '$.accessCreators') AS creator WHERE creator.value = @createdBy)))
  OR (c.kind <> 'accesses' AND (@allChannels = 1 OR c.channelId IN (SELECT value FROM json_each(@channels))))
  OR (c.kind = 'channels' AND c.channelId IN (SELECT json_extract(value, '$.channelId') FROM json_each(@partial)))
  OR (c.kind IN ('folders', 'events') AND EXISTS (
    SELECT 1 FROM json_each(@partial) AS p, json_each(p.value, '$.folderIds') AS granted, json_each(c.scope, '$.folderIds') AS touched
    WHERE json_extract(p.value, '$.channelId') = c.channelId AND granted.value = touched.value))
) ORDER BY c.seq LIMIT @limit`;

// Keeps the latest change, which the next seq is read from.
const TRIM = `DELETE FROM changes WHERE account = @account AND seq < @latest AND (seq <= @floor OR time < @minTime)`;

/** Opens the change log half of the SQLite store over a migrated database. */
export function sqliteChanges(db: Database.Database): ChangesStore {
  const since = db.prepare<Record<string, unknown>, { doc: string }>(CHANGES_SINCE_SQL);
  const latest = db.prepare<[string], number>('SELECT seq FROM changes WHERE account = ? ORDER BY seq DESC LIMIT 1').pluck();
  const oldest = db.prepare<[string], number>('SELECT seq FROM changes WHERE account = ? ORDER BY seq ASC LIMIT 1').pluck();
  const exists = db.prepare<[string, number], number>('SELECT 1 FROM changes WHERE account = ? AND seq = ?').pluck();
  const trim = db.prepare(TRIM);

  return {
    async since(account, after, limit, visibility) {
      return since.all({ account, since: after, limit, ...visibilityParams(visibility) }).map((row) => JSON.parse(row.doc) as StoredChange);
    },
    async latestSeq(account) {
      return (latest.get(account) as number | undefined) ?? 0;
    },
    async oldestSeq(account) {
      return (oldest.get(account) as number | undefined) ?? null;
    },
    async exists(account, seq) {
      return exists.get(account, seq) !== undefined;
    },
    async trim(account, latestSeq, maxCount, minTime) {
      const floor = Math.max(0, latestSeq - Math.max(1, maxCount));
      return trim.run({ account, latest: latestSeq, floor, minTime }).changes;
    },
  };
}

function visibilityParams({ accesses, channels, partial }: ChangeVisibility): Record<string, unknown> {
  return {
    allAccesses: accesses === 'all' ? 1 : 0,
    // 'none' matches no creator: a NULL compares equal to nothing.
    createdBy: typeof accesses === 'object' ? accesses.createdBy : null,
    allChannels: channels === '*' ? 1 : 0,
    channels: JSON.stringify(channels === '*' ? [] : channels),
    partial: JSON.stringify(partial),
  };
}
