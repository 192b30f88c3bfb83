/** Events on SQLite: reads by the indexed columns, writes keeping the columns, tags and the JSON item together. */
import type Database from 'better-sqlite3';
import type { Event } from '../../model/items';
import { overlapQueryOf, refuseOverlaps } from '../invariants';
import type { EventsStore, NoOverlap } from '../store';
import { withoutUndefined } from '../../model/without-undefined';
import { applyChangedFields } from './changed-fields';
import type { ChangeWriter } from './change-writer';
import type { DeletionRecorder } from './deletion-recorder';
import { LONGEST_PERIOD, StatementCache, eventsPageSql } from './events-page-query';
import { withConflicts } from './sqlite-conflicts';
import { RUNNING_END } from './sqlite-schema';

type Doc = { doc: string };

// From how many events modified since a time a page walks the time index rather than sorting them.
const MANY_MODIFIED = 2000;

export const LATEST_RUNNING_SQL = `SELECT doc FROM events WHERE account = @account AND channelId = @channelId AND endTime = ${RUNNING_END}
  AND trashed = 0 AND (@startedBy IS NULL OR time <= @startedBy)
  AND (@places IS NULL OR folderKey IN (SELECT value FROM json_each(@places))) ORDER BY time DESC, rowid DESC LIMIT 1`;
// Touching periods do not overlap: both bounds are strict. As in a page's time range, stopped periods
// are a time range bounded by the longest period, running ones (endTime = RUNNING_END) a second arm.
const OVERLAP_FILTERS = `account = @account AND channelId = @channelId AND time < @to AND trashed = 0
  AND id NOT IN (SELECT value FROM json_each(@excludeIds))`;
export const OVERLAPPING_SQL = `SELECT time, rowid AS rid, doc FROM events WHERE ${OVERLAP_FILTERS}
    AND time >= @from - ${LONGEST_PERIOD} AND period = 1 AND +endTime > @from AND +endTime < ${RUNNING_END}
  UNION ALL SELECT time, rowid AS rid, doc FROM events WHERE ${OVERLAP_FILTERS} AND endTime = ${RUNNING_END}
  ORDER BY time, rid LIMIT @limit`;

/** Stores one event: account, channelId, id, the {@link eventColumns}, then the item as JSON. */
export const INSERT_EVENT =
  'INSERT INTO events (account, channelId, id, folderKey, time, endTime, period, duration, type, typeClass, trashed, modified, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
/** Stores one tag of an event: its rowid, the tag, then its account, channelId and time; a repeated tag is stored once. */
export const INSERT_TAG = 'INSERT OR IGNORE INTO event_tags (eventRowid, tag, account, channelId, time) VALUES (?, ?, ?, ?, ?)';

/** The indexed columns of an event (folderKey to modified), in the order of the INSERT and UPDATE statements. */
export function eventColumns(event: Event): [string, number, number, number, number | null, string, string, number, number] {
  const { time, duration } = event;
  const endTime = duration === undefined ? time : duration === null ? RUNNING_END : time + duration;
  const typeClass = event.type.split('/')[0];
  return [event.folderId ?? '', time, endTime, duration === undefined ? 0 : 1, duration ?? null, event.type, typeClass, event.trashed ? 1 : 0, event.modified];
}

/** Opens the events half of the SQLite store over a migrated database. */
export function sqliteEvents(db: Database.Database, writer: ChangeWriter, deletions: DeletionRecorder): EventsStore {
  const get = db.prepare<[string, string, string], Doc & { rowid: number }>('SELECT rowid, doc FROM events WHERE account = ? AND channelId = ? AND id = ?');
  const insert = db.prepare(INSERT_EVENT);
  const update = db.prepare('UPDATE events SET folderKey = ?, time = ?, endTime = ?, period = ?, duration = ?, type = ?, typeClass = ?, trashed = ?, modified = ?, doc = ? WHERE rowid = ?');
  const insertTag = db.prepare(INSERT_TAG);
  const removeTags = db.prepare('DELETE FROM event_tags WHERE eventRowid = ?');
  const remove = db.prepare('DELETE FROM events WHERE account = ? AND channelId = ? AND id = ?');
  const latestRunning = db.prepare<Record<string, unknown>, Doc>(LATEST_RUNNING_SQL);
  const overlapping = db.prepare<Record<string, unknown>, Doc>(OVERLAPPING_SQL);
  const countInFolders = db.prepare<[string, string, string], number>('SELECT count(*) FROM events WHERE account = ? AND channelId = ? AND folderKey IN (SELECT value FROM json_each(?))').pluck();
  const pages = new StatementCache(db);
  const countModifiedSince = db.prepare<[string, string, number], number>(`SELECT count(*) FROM (SELECT 1 FROM events WHERE account = ? AND channelId = ? AND modified > ? LIMIT ${MANY_MODIFIED})`).pluck();
  const parse = (row: Doc) => JSON.parse(row.doc) as Event;
  const writeTags = (account: string, rowid: number | bigint, event: Event) => {
    for (const tag of event.tags) insertTag.run(rowid, tag, account, event.channelId, event.time);
  };
  const insertEvent = (account: string, item: Event) => {
    const { lastInsertRowid } = withConflicts({ 'events.id': { id: item.id } }, () => insert.run(account, item.channelId, item.id, ...eventColumns(item), JSON.stringify(item)));
    writeTags(account, lastInsertRowid, item);
  };
  /** Inside a write: stores `next` over the row (only the fields that differ from `previous`) and returns it. */
  const replaceRow = (account: string, row: Doc & { rowid: number }, current: Event, previous: Event, next: Event): Event => {
    const item = applyChangedFields(current, previous, next);
    update.run(...eventColumns(item), JSON.stringify(item), row.rowid);
    // Tag rows carry the event's time: rewritten when either changes.
    if (item.time !== current.time || JSON.stringify(item.tags) !== JSON.stringify(current.tags)) {
      removeTags.run(row.rowid);
      writeTags(account, row.rowid, item);
    }
    return item;
  };
  /** Inside a write, so no other writer (this process or another on the file) can slip in between. */
  const checkOverlap = (account: string, item: Event, rule: NoOverlap) => {
    const query = overlapQueryOf(item, rule);
    if (!query) return;
    const { channelId, from, to, excludeIds, limit } = query;
    refuseOverlaps(overlapping.all({ account, channelId, from, to, excludeIds: JSON.stringify(excludeIds), limit }).map(parse), rule.readable);
  };

  return {
    async get(account, channelId, id) {
      const row = get.get(account, channelId, id);
      return row ? parse(row) : null;
    },
    async page(account, query) {
      // Sorting every event modified since an old time would cost as much as the channel: a bounded count says when to walk by time instead.
      const many = query.modifiedSince !== undefined && (countModifiedSince.get(account, query.channelId, query.modifiedSince) as number) >= MANY_MODIFIED;
      const { sql, params } = eventsPageSql(account, query, many);
      return (pages.get(sql).all(params) as Doc[]).map(parse);
    },
    async latestRunning(account, { channelId, places, startedBy }) {
      const placesJson = places === '*' ? null : JSON.stringify(places.map((folderId) => folderId ?? ''));
      const row = latestRunning.get({ account, channelId, startedBy: startedBy ?? null, places: placesJson });
      return row ? parse(row) : null;
    },
    async overlapping(account, { channelId, from, to, excludeIds, limit }) {
      return overlapping.all({ account, channelId, from, to, excludeIds: JSON.stringify(excludeIds), limit }).map(parse);
    },
    async countInFolders(account, channelId, folderIds) {
      return countInFolders.get(account, channelId, JSON.stringify(folderIds)) as number;
    },
    async create(account, event, change, options = {}) {
      const item = withoutUndefined(event);
      return writer.write(account, (append) => {
        if (options.noOverlap) checkOverlap(account, item, options.noOverlap);
        insertEvent(account, item);
        return append(change);
      });
    },
    async start(account, event, change, stop, noOverlap) {
      const item = withoutUndefined(event);
      // One transaction: the running period read, stopped and the new one checked and stored under one write lock.
      return writer.write(account, (append) => {
        const row = get.get(account, stop.previous.channelId, stop.previous.id);
        const current = row ? parse(row) : null;
        const running = current !== null && current.duration === null && !current.trashed;
        const stopped = running ? replaceRow(account, row!, current!, stop.previous, stop.next) : null;
        checkOverlap(account, item, { ...noOverlap, excludeIds: noOverlap.excludeIds.filter((id) => stopped || id !== stop.previous.id) });
        insertEvent(account, item);
        return { stopped: stopped && { item: stopped, change: append(stop.change) }, change: append(change) };
      });
    },
    async replace(account, previous, next, change, options = {}) {
      return writer.write(account, (append) => {
        const row = get.get(account, previous.channelId, previous.id);
        if (!row) return null;
        const item = replaceRow(account, row, parse(row), previous, next);
        if (options.noOverlap) checkOverlap(account, item, options.noOverlap);
        return { item, change: append(change) };
      });
    },
    async remove(account, event, deleted, folderIds, change) {
      return writer.write(account, (append) => {
        if (remove.run(account, event.channelId, event.id).changes === 0) return null;
        deletions.record(account, 'events', { id: event.id, deleted }, { channelId: event.channelId, folderIds });
        return append(change);
      });
    },
  };
}
