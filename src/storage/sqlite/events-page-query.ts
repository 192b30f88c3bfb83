/** The SQL of events.page, built from which filters a query uses, and prepared once per shape. */
import type Database from 'better-sqlite3';
import type { EventsPageQuery } from '../store';
import { RUNNING_END } from './sqlite-schema';

/** The longest stopped period of the query's channel (0 without any), read from events_duration. */
export const LONGEST_PERIOD = '(SELECT ifnull(max(duration), 0) FROM events WHERE account = @account AND channelId = @channelId)';

type Params = Record<string, string | number>;

/** One page of events as SQL text (which depends only on the filters present) and its parameters. */
export function eventsPageSql(account: string, query: EventsPageQuery): { sql: string; params: Params } {
  const where = ['account = @account', 'channelId = @channelId'];
  const params: Params = { account, channelId: query.channelId, limit: query.limit, skip: query.skip ?? 0 };
  if (query.places !== '*') {
    where.push('folderKey IN (SELECT value FROM json_each(@places))');
    params.places = JSON.stringify(query.places.map((folderId) => folderId ?? ''));
  }
  const tags = [...new Set(query.tags ?? [])];
  if (tags.length > 0) {
    // Tags are distinct per event in event_tags: holding all of them is matching as many as asked.
    where.push('(SELECT count(*) FROM event_tags WHERE eventRowid = events.rowid AND tag IN (SELECT value FROM json_each(@tags))) = @tagCount');
    params.tags = JSON.stringify(tags);
    params.tagCount = tags.length;
  }
  const types = query.types ?? [];
  const exact = types.filter((type) => !type.endsWith('/*'));
  const classes = types.filter((type) => type.endsWith('/*')).map((type) => type.slice(0, -2));
  const typeTests: string[] = [];
  if (exact.length > 0) {
    typeTests.push('type IN (SELECT value FROM json_each(@types))');
    params.types = JSON.stringify(exact);
  }
  if (classes.length > 0) {
    typeTests.push('typeClass IN (SELECT value FROM json_each(@classes))');
    params.classes = JSON.stringify(classes);
  }
  if (typeTests.length > 0) where.push(`(${typeTests.join(' OR ')})`);
  if (query.running) where.push(`endTime = ${RUNNING_END}`);
  if (query.state !== 'all') where.push(`trashed = ${query.state === 'trashed' ? 1 : 0}`);
  if (query.modifiedSince !== undefined) {
    // The one filter that sorts (USE TEMP B-TREE): events_modified finds the few events changed since a
    // client's last sync, which no time-ordered index can; they are then sorted by time.
    where.push('modified > @modifiedSince');
    params.modifiedSince = query.modifiedSince;
  }
  // rowid breaks ties in time; every index ends with it, so it costs no sort.
  const direction = query.ascending ? 'ASC' : 'DESC';
  const page = `ORDER BY time ${direction}, rowid ${direction} LIMIT @limit OFFSET @skip`;
  const filters = where.join(' AND ');
  if (!query.range) return { sql: `SELECT doc FROM events WHERE ${filters} ${page}`, params };
  params.from = query.range.from;
  params.to = query.range.to;
  // "time <= to AND endTime >= from" as three arms that each walk a time range of an index, merged
  // in order by SQLite (MERGE (UNION ALL)): events starting in the range; stopped periods started
  // before it, no earlier than the channel's longest duration (its index answers max() at once); and
  // running periods started before it (endTime = RUNNING_END, ordered by time in events_end_time).
  // `+endTime` keeps the planner off events_end_time for the second arm, where it would read every later event.
  const arms = [
    `time >= @from AND time <= @to`,
    `time < @from AND time >= @from - ${LONGEST_PERIOD} AND +endTime >= @from AND +endTime < ${RUNNING_END}`,
    `endTime = ${RUNNING_END} AND time < @from`,
  ];
  const union = arms.map((arm) => `SELECT time, rowid AS rid, doc FROM events WHERE ${filters} AND ${arm}`).join(' UNION ALL ');
  return { sql: `${union} ${page.replace(/rowid/g, 'rid')}`, params };
}

/**
 * Prepared statements of events.page by SQL text. The text depends only on which filters are
 * present (lists are JSON parameters), so there are at most a few hundred shapes: no eviction needed.
 */
export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
