/** Rules every event write shares: which events a caller sees, where it may record, no-overlap periods, change records. */
import { satisfies } from '../access/permissions';
import { ApiError } from '../errors';
import type { ChangeAction, Event } from '../model/items';
import { CallContext, callerOf } from '../registry/call-context';
import type { ChangeRecord, NoOverlap } from '../storage/store';
import { ChannelScope, folderChangeScope, levelAt, readableFolders, requireLevelAt } from './channel-scope';
import type { MethodDeps } from './method-deps';

/** The event as the caller sees it: `unknown-resource` when it is missing or outside the caller's permissions. */
export async function loadVisibleEvent(deps: MethodDeps, context: CallContext, scope: ChannelScope, id: string): Promise<Event> {
  const event = await deps.store.events.get(context.username, scope.channel.id, id);
  if (!event || levelAt(scope, event.folderId) === null) throw new ApiError('unknown-resource', `Unknown event "${id}"`, { id });
  return event;
}

/** The visible event, which the caller must be allowed to change (`contribute` where it is). */
export async function loadWritableEvent(deps: MethodDeps, context: CallContext, scope: ChannelScope, id: string): Promise<Event> {
  const event = await loadVisibleEvent(deps, context, scope, id);
  requireLevelAt(scope, event.folderId, 'contribute', `event "${id}"`);
  return event;
}

/**
 * Throws unless the caller may record events at `folderId` (null = no folder): the folder exists and
 * is visible, the caller contributes there, and neither the channel nor the folder is in the trash.
 */
export function requireRecordablePlace(scope: ChannelScope, folderId: string | null): void {
  if (folderId !== null && (!scope.tree.get(folderId) || levelAt(scope, folderId) === null)) {
    throw new ApiError('unknown-referenced-resource', `Unknown folder "${folderId}"`, { folderId });
  }
  // A caller that sees only some folders has no level on the channel root: that is a missing right, not an unknown place.
  if (!satisfies(levelAt(scope, folderId), 'contribute')) {
    throw new ApiError('forbidden', 'This access needs "contribute" here', { level: 'contribute', ...(folderId === null ? {} : { folderId }) });
  }
  if (scope.channel.trashed) throw new ApiError('invalid-operation', `Channel "${scope.channel.id}" is in the trash`, { channelId: scope.channel.id });
  if (folderId !== null && scope.tree.isInTrash(folderId)) throw new ApiError('invalid-operation', `Folder "${folderId}" is in the trash`, { folderId });
}

/**
 * In a no-overlap channel, what the store checks inside the write that stores a period (refusing
 * overlaps with `periods-overlap`, naming only events the caller may read); undefined elsewhere.
 * A check before the write would let concurrent writers all pass it.
 */
export function noOverlapRule(scope: ChannelScope, excludeIds: string[] = []): NoOverlap | undefined {
  return scope.channel.enforceNoEventsOverlap ? { excludeIds, readable: readableFolders(scope) } : undefined;
}

/** The latest non-trashed running period the caller sees (started at or before `startedBy` when given), if any. */
export function findLatestRunning(deps: MethodDeps, account: string, scope: ChannelScope, startedBy?: number): Promise<Event | null> {
  return deps.store.events.latestRunning(account, { channelId: scope.channel.id, places: readableFolders(scope), ...(startedBy === undefined ? {} : { startedBy }) });
}

/** Ends a running period at `time` and records the change; the caller has checked the rights. */
export async function stopRunningEvent(deps: MethodDeps, context: CallContext, scope: ChannelScope, event: Event, time: number): Promise<Event> {
  if (event.duration !== null) throw new ApiError('invalid-operation', `Event "${event.id}" is not running`, { id: event.id });
  if (time < event.time) throw new ApiError('invalid-operation', `Event "${event.id}" cannot stop before it started`, { id: event.id, time: event.time });
  const next = { ...event, duration: time - event.time, ...tracking(context) };
  // In a no-overlap channel the stop is checked in its write: it is refused only if a concurrent
  // start stopped this period first (a period still running overlaps nothing it could stop short of).
  const stopped = await deps.store.events
    .replace(context.username, event, next, eventChange(scope, 'updated', event), { noOverlap: noOverlapRule(scope) })
    .catch((error: unknown) => {
      if (error instanceof ApiError && error.id === 'periods-overlap') throw new ApiError('invalid-operation', `Event "${event.id}" is not running`, { id: event.id });
      throw error;
    });
  if (!stopped) throw new ApiError('unknown-resource', `Unknown event "${event.id}"`, { id: event.id });
  return stopped.item;
}

/** The change an event write makes; sockets that may read the event's folder (or its former one) hear of it. */
export function eventChange(scope: ChannelScope, action: ChangeAction, event: Event, previousFolderId?: string | null): ChangeRecord {
  const folderIds = previousFolderId === undefined || previousFolderId === event.folderId ? [event.folderId] : [event.folderId, previousFolderId];
  return { kind: 'events', action, ids: [event.id], channelId: scope.channel.id, scope: folderChangeScope(scope, ...folderIds) };
}

/** `modified` and `modifiedBy` for a write made now by the caller. */
export function tracking(context: CallContext): { modified: number; modifiedBy: string } {
  return { modified: context.now, modifiedBy: callerOf(context).access.id };
}
