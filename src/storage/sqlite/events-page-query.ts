/** The SQL of events.page, built from which filters a query uses, and prepared once per shape. */
import type Database from 'better-sqlite3';
import type { EventsPageQuery } from '../store';
import { RUNNING_END } from './sqlite-schema';

/** The longest stopped period of the query's channel (0 without any), read from events_duration. */
export const LONGEST_PERIOD = '(SELECT ifnull(max(duration), 0) FROM events WHERE account = @account AND channelId = @channelId)';

type Params = Record<string, string | number>;

/**
 * One page of events as SQL text (which depends only on the filters present) and its parameters.
 * `modifiedSinceMatchesMany` says that most events match `modifiedSince` (the store counts them,
 * bounded): the page then walks the time index and tests `modified` instead of sorting every match.
 */
export function eventsPageSql(account: string, query: EventsPageQuery, modifiedSinceMatchesMany = false): { sql: string; params: Params } {
  // Columns are named with their table: a page with tags joins event_tags, which has account, channelId and time too.
  const where = ['events.account = @account', 'events.channelId = @channelId'];
  const params: Params = { account, channelId: query.channelId, limit: query.limit, skip: query.skip ?? 0 };
  if (query.places !== '*') {
    where.push('events.folderKey IN (SELECT value FROM json_each(@places))');
    params.places = JSON.stringify(query.places.map((folderId) => folderId ?? ''));
  }
  const tags = [...new Set(query.tags ?? [])];
  if (tags.length > 1) {
    // The first tag drives the walk (below); the others are tested by event_tags' primary key.
    where.push('(SELECT count(*) FROM event_tags WHERE eventRowid = events.rowid AND tag IN (SELECT value FROM json_each(@otherTags))) = @otherTagCount');
    params.otherTags = JSON.stringify(tags.slice(1));
    params.otherTagCount = tags.length - 1;
  }
  const types = query.types ?? [];
  const exact = types.filter((type) => !type.endsWith('/*'));
  const classes = types.filter((type) => type.endsWith('/*')).map((type) => type.slice(0, -2));
  const typeTests: string[] = [];
  if (exact.length > 0) {
    typeTests.push('events.type IN (SELECT value FROM json_each(@types))');
    params.types = JSON.stringify(exact);
  }
  if (classes.length > 0) {
    typeTests.push('events.typeClass IN (SELECT value FROM json_each(@classes))');
    params.classes = JSON.stringify(classes);
  }
  if (typeTests.length > 0) where.push(`(${typeTests.join(' OR ')})`);
  if (query.running) where.push(`events.endTime = ${RUNNING_END}`);
  if (query.state !== 'all') where.push(`events.trashed = ${query.state === 'trashed' ? 1 : 0}`);
  if (query.modifiedSince !== undefined) {
    // Few events changed since a client's last sync: events_modified finds them, then they are sorted
    // by time (USE TEMP B-TREE). When most events match, `+` keeps the planner on a time-ordered index.
    where.push(`${modifiedSinceMatchesMany ? '+' : ''}events.modified > @modifiedSince`);
    params.modifiedSince = query.modifiedSince;
  }
  const filters = where.join(' AND ');
  const direction = query.ascending ? 'ASC' : 'DESC';
  // rowid breaks ties in time; every index ends with it, so it costs no sort.
  const page = `ORDER BY time ${direction}, rid ${direction} LIMIT @limit OFFSET @skip`;
  // An arm over events alone, or walking event_tags_time for the first tag in time order and joining
  // events by rowid (CROSS JOIN keeps that order): a page costs what it returns, however rare the tag.
  const arm = (condition: (time: string) => string, byTag: boolean) =>
    byTag
      ? `SELECT event_tags.time AS time, event_tags.eventRowid AS rid, events.doc AS doc FROM event_tags CROSS JOIN events ON events.rowid = event_tags.eventRowid
  WHERE event_tags.account = @account AND event_tags.channelId = @channelId AND event_tags.tag = @tag AND ${filters}${condition('event_tags.time')}`
      : `SELECT events.time AS time, events.rowid AS rid, events.doc AS doc FROM events WHERE ${filters}${condition('events.time')}`;
  const byTag = tags.length > 0;
  if (byTag) params.tag = tags[0];
  if (!query.range) return { sql: `${arm(() => '', byTag)} ${page}`, params };
  params.from = query.range.from;
  params.to = query.range.to;
  // "time <= to AND endTime >= from" as three arms that each walk a time range of an index, merged
  // in order by SQLite (MERGE (UNION ALL)): events starting in the range; stopped periods started
  // before it, no earlier than the channel's longest duration (its index answers max() at once); and
  // running periods started before it (endTime = RUNNING_END, ordered by time in events_end_time),
  // which are few, so that arm tests the first tag like the others rather than walking by it.
  // `+endTime` keeps the planner off events_end_time for the second arm, where it would read every later event.
  const firstTag = byTag ? ' AND EXISTS (SELECT 1 FROM event_tags WHERE eventRowid = events.rowid AND tag = @tag)' : '';
  const arms = [
    arm((time) => ` AND ${time} >= @from AND ${time} <= @to`, byTag),
    arm((time) => ` AND ${time} < @from AND ${time} >= @from - ${LONGEST_PERIOD} AND +events.endTime >= @from AND +events.endTime < ${RUNNING_END}`, byTag),
    arm((time) => `${firstTag} AND events.endTime = ${RUNNING_END} AND ${time} < @from`, false),
  ];
  return { sql: `${arms.join(' UNION ALL ')} ${page}`, params };
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
