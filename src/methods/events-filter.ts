/** Turns validated events.get params into a store filter: every value is copied from a typed param, never a client object. */
import type { ItemState } from '../model/items';
import { stateFilter } from '../storage/state-filter';
import type { Filter } from '../storage/database';
import { RUNNING_END } from '../storage/events-store';

/** A day, the default length of a range given only its end (SPEC §4). */
const DEFAULT_RANGE_SECONDS = 86400;

/** The params of `{cid}.events.get` (schemas/methods/events.get.json). */
export interface EventsQuery {
  fromTime?: number;
  toTime?: number;
  folders?: (string | null)[];
  tags?: string[];
  types?: string[];
  running?: boolean;
  state?: ItemState;
  modifiedSince?: number;
  includeDeletions?: boolean;
  sortAscending?: boolean;
  skip?: number;
  limit?: number;
}

/** Where the events may be: every place (`'*'`), or these folders (null = no folder). */
export type EventPlaces = '*' | (string | null)[];

/** The time range asked for, with SPEC's defaults filled in; null when none was given. */
export function timeRangeOf(query: EventsQuery, now: number): { from: number; to: number } | null {
  if (query.fromTime === undefined && query.toTime === undefined) return null;
  const to = query.toTime ?? now;
  return { from: query.fromTime ?? to - DEFAULT_RANGE_SECONDS, to };
}

/** The filter of events.get within one channel; an empty list (folders, tags, types) filters nothing. */
export function eventsFilter(channelId: string, query: EventsQuery, now: number, places: EventPlaces): Filter {
  const clauses: Filter[] = [];
  const range = timeRangeOf(query, now);
  if (range) {
    // "time <= to AND endTime >= from", split so that events starting in the range use the
    // (channelId, time) index with both bounds, and only periods started earlier need endTime.
    clauses.push({
      $or: [{ time: { $gte: range.from, $lte: range.to } }, { time: { $lt: range.from, $lte: range.to }, endTime: { $gte: range.from } }],
    });
  }
  if (places !== '*') clauses.push({ folderId: { $in: places } });
  // The embedded store (nedb) has no `$all`: one equality per tag, which matches inside arrays on both stores.
  for (const tag of query.tags ?? []) clauses.push({ tags: tag });
  if (query.types && query.types.length > 0) clauses.push(typesClause(query.types));
  if (query.running) clauses.push({ endTime: RUNNING_END });
  const state = stateFilter(query.state ?? 'default');
  if (Object.keys(state).length > 0) clauses.push(state);
  if (query.modifiedSince !== undefined) clauses.push({ modified: { $gt: query.modifiedSince } });
  return clauses.length > 0 ? { channelId, $and: clauses } : { channelId };
}

/** The filter of the running periods of a channel (events.getRunning). */
export function runningFilter(channelId: string, places: EventPlaces): Filter {
  return eventsFilter(channelId, { running: true }, 0, places);
}

function typesClause(types: string[]): Filter {
  const exact = types.filter((type) => !type.endsWith('/*'));
  const classes = types.filter((type) => type.endsWith('/*')).map((type) => type.slice(0, -2));
  const alternatives: Filter[] = [];
  if (exact.length > 0) alternatives.push({ type: { $in: exact } });
  if (classes.length > 0) alternatives.push({ typeClass: { $in: classes } });
  return alternatives.length === 1 ? alternatives[0] : { $or: alternatives };
}
