/** The change log on SQLite: reads filtered by what an access may see, inside the query, and retention. */
import type Database from 'better-sqlite3';
import type { ChangesStore, ChangeVisibility, StoredChange } from '../store';

// One statement for every visibility, walking the (account, seq) primary key in order: the visibility
// comes as parameters (lists as JSON), so LIMIT counts only readable changes and a page never comes short.
const readableSince = (columns: string) => `SELECT ${columns} FROM changes AS c WHERE c.account = @account AND c.seq > @since AND (
  (c.kind = 'accesses' AND (@allAccesses = 1
    OR EXISTS (SELECT 1 FROM json_each(c.scope, '$.accessCreators') AS creator WHERE creator.value = @createdBy)))
  OR (c.kind <> 'accesses' AND (@allChannels = 1 OR c.channelId IN (SELECT value FROM json_each(@channels))))
  OR (c.kind = 'channels' AND c.channelId IN (SELECT json_extract(value, '$.channelId') FROM json_each(@partial)))
  OR (c.kind IN ('folders', 'events') AND EXISTS (
    SELECT 1 FROM json_each(@partial) AS p, json_each(p.value, '$.folderIds') AS granted, json_each(c.scope, '$.folderIds') AS touched
    WHERE json_extract(p.value, '$.channelId') = c.channelId AND granted.value = touched.value))
) ORDER BY c.seq LIMIT @limit`;
export const CHANGES_SINCE_SQL = readableSince('c.doc');

// The account's latest and oldest seq: descending and ascending seeks of the primary key.
const ENDS_SQL = `SELECT (SELECT seq FROM changes WHERE account = @account ORDER BY seq DESC LIMIT 1) AS latest,
  (SELECT seq FROM changes WHERE account = @account ORDER BY seq ASC LIMIT 1) AS oldest`;

/**
 * A stored change as callers see it, as text: without its scope, all in SQLite. ChangeWriter writes the
 * scope last, as the scope column holds it, so cutting that tail is enough (checked, not assumed: any
 * other layout, such as an imported change, goes through json_remove, which costs more).
 */
const PUBLIC_DOC = `CASE WHEN c.scope IS NULL THEN c.doc
  WHEN substr(c.doc, -length(c.scope) - 10) = ',"scope":' || c.scope || '}' THEN substr(c.doc, 1, length(c.doc) - length(c.scope) - 10) || '}'
  ELSE json_remove(c.doc, '$.scope') END`;

/**
 * Drops the oldest changes only: those up to `floor`, and the run of changes older than `minTime` after
 * them. So the log keeps no holes (a change dated before an older one, by another node's
 * clock, stays until the run before it has gone), and the work is what is dropped: both bounds are
 * walks of the primary key from the start of the account's log, never a scan of all of it. The latest
 * change always stays: the next seq is read from it.
 */
export const TRIM_SQL = `DELETE FROM changes WHERE account = @account AND seq < MIN(@latest, MAX(@floor + 1,
  COALESCE((SELECT seq FROM changes WHERE account = @account AND seq > @floor AND time >= @minTime ORDER BY seq LIMIT 1), @latest)))`;

/** Opens the change log half of the SQLite store over a migrated database. */
export function sqliteChanges(db: Database.Database): ChangesStore {
  const since = db.prepare<Record<string, unknown>, { doc: string }>(CHANGES_SINCE_SQL);
  const latest = db.prepare<[string], number>('SELECT seq FROM changes WHERE account = ? ORDER BY seq DESC LIMIT 1').pluck();
  const ends = db.prepare<Record<string, unknown>, { latest: number | null; oldest: number | null }>(ENDS_SQL);
  // One column per row, plucked: better-sqlite3's row objects cost about as much as the read itself.
  const docs = db.prepare<Record<string, unknown>, string>(CHANGES_SINCE_SQL).pluck();
  const publicDocs = db.prepare<Record<string, unknown>, string>(readableSince(PUBLIC_DOC)).pluck();
  // One read transaction, one round trip: the ends and the page are one snapshot of the log.
  const page = db.transaction((rows: typeof docs, params: Record<string, unknown>) => ({ ends: ends.get(params)!, texts: rows.all(params) }));
  const read = (rows: typeof docs, account: string, after: number, limit: number, visibility: ChangeVisibility) => {
    const { ends: { latest, oldest }, texts } = page(rows, { account, since: after, limit, ...visibilityParams(visibility) });
    return { texts, latestSeq: latest ?? 0, expired: oldest !== null && after < oldest - 1 ? { oldestSeq: oldest } : null };
  };
  const trim = db.prepare(TRIM_SQL);

  return {
    async since(account, after, limit, visibility) {
      return since.all({ account, since: after, limit, ...visibilityParams(visibility) }).map((row) => JSON.parse(row.doc) as StoredChange);
    },
    async latestSeq(account) {
      return (latest.get(account) as number | undefined) ?? 0;
    },
    async page(account, after, limit, visibility) {
      const { texts, ...rest } = read(docs, account, after, limit, visibility);
      return { changes: texts.map((text) => JSON.parse(text) as StoredChange), ...rest };
    },
    async pageJson(account, after, limit, visibility) {
      // Without partial channels no change's ids are withheld: the stored change minus its scope is what callers see.
      if (visibility.partial.length > 0) throw new Error('pageJson serves visibilities without partial channels');
      const { texts, ...rest } = read(publicDocs, account, after, limit, visibility);
      return { json: `[${texts.join(',')}]`, ...rest };
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
