/** Invariants both backends check inside their writes: no overlapping periods (where asked), no cycles in a folder tree. */
import { ApiError } from '../errors';
import type { Event, Folder } from '../model/items';
import type { EventPlaces, NoOverlap, OverlapQuery } from './store';

/** How many overlapping periods a check reads (and a `periods-overlap` error names) at most. */
const MAX_OVERLAPPED = 100;

/** The query of periods `event` would overlap; null when it cannot overlap (a mark, or in the trash). */
export function overlapQueryOf(event: Event, rule: NoOverlap): OverlapQuery | null {
  if (event.duration === undefined || event.trashed) return null;
  return {
    channelId: event.channelId,
    from: event.time,
    to: event.duration === null ? Infinity : event.time + event.duration,
    excludeIds: [event.id, ...rule.excludeIds],
    limit: MAX_OVERLAPPED,
  };
}

/** Throws `periods-overlap` when there are overlapping periods, naming only those in places the caller may read. */
export function refuseOverlaps(overlapping: Event[], readable: EventPlaces): void {
  if (overlapping.length === 0) return;
  const overlappedIds = overlapping.filter((event) => isIn(readable, event.folderId ?? null)).map((event) => event.id);
  throw new ApiError('periods-overlap', 'The period overlaps another period of this channel', { overlappedIds });
}

function isIn(places: EventPlaces, folderId: string | null): boolean {
  return places === '*' || places.includes(folderId);
}

/** A move of a folder into itself or below itself. */
export function cycleError(folder: Folder): ApiError {
  return new ApiError('invalid-operation', `Folder "${folder.id}" cannot move into itself or its own sub-folder`, { parentId: folder.parentId });
}
