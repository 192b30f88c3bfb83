/** Turns validated events.get params into the store's page query: SPEC §4's defaults, in one place. */
import type { MethodParams } from '../generated/method-types';
import type { EventPlaces, EventsPageQuery } from '../storage/store';

/** A day, the default length of a range given only its end (SPEC §4). */
const DEFAULT_RANGE_SECONDS = 86400;

/** The params of `{cid}.events.get`, generated from schemas/methods/events.get.json. */
export type EventsQuery = MethodParams<'events.get'>;

/** The time range asked for, with SPEC's defaults filled in; null when none was given. */
export function timeRangeOf(query: EventsQuery, now: number): { from: number; to: number } | null {
  if (query.fromTime === undefined && query.toTime === undefined) return null;
  const to = query.toTime ?? now;
  return { from: query.fromTime ?? to - DEFAULT_RANGE_SECONDS, to };
}

/** The page of events.get within one channel and the places the caller may read. */
export function pageQuery(channelId: string, query: EventsQuery, now: number, places: EventPlaces, limit: number): EventsPageQuery {
  const range = timeRangeOf(query, now);
  return {
    channelId,
    places,
    ...(range ? { range } : {}),
    ...(query.tags && query.tags.length > 0 ? { tags: query.tags } : {}),
    ...(query.types && query.types.length > 0 ? { types: query.types } : {}),
    ...(query.running ? { running: true } : {}),
    state: query.state ?? 'default',
    ...(query.modifiedSince !== undefined ? { modifiedSince: query.modifiedSince } : {}),
    ascending: query.sortAscending ?? false,
    ...(query.skip ? { skip: query.skip } : {}),
    limit,
  };
}
