/**
 * One stored change as Socket.IO emits to this node's sockets of its account, addressed by rooms (see
 * rooms.ts). Each emit is one broadcast to several rooms: Socket.IO serialises its packet once (and
 * frames it once for every WebSocket), and the adapter finds the sockets of those rooms, each once, in
 * its own loop: nothing here runs per socket, and nothing per room but naming it.
 */
import { isBulk, type ScopedChange } from '../changes/change-log';
import { ALL_ACCESSES_ROOM, ALL_CHANNELS_ROOM, accessCreatorRoom, channelRoom, folderRoom, partialChannelRoom, rootRoom } from './rooms';

const EVENT_NAMES = {
  channels: 'channelsChanged',
  folders: 'foldersChanged',
  events: 'eventsChanged',
  accesses: 'accessesChanged',
  values: 'valuesChanged',
} as const;

export interface Broadcast {
  emit(event: string, payload: unknown): unknown;
  except(rooms: string | string[]): Broadcast;
}

/** Room-addressed emits to this node's sockets only. */
export interface LocalTarget {
  to(rooms: string | string[]): Broadcast;
}

/** The root namespace's local sockets of one account, addressed by the room names of the account's own namespace. */
export function prefixed(root: LocalTarget, account: string): LocalTarget {
  const names = (rooms: string | string[]) => (Array.isArray(rooms) ? rooms : [rooms]).map((room) => rootRoom(account, room));
  const wrap = (broadcast: Broadcast): Broadcast => ({ emit: (event, payload) => broadcast.emit(event, payload), except: (rooms) => wrap(broadcast.except(names(rooms))) });
  return { to: (rooms) => wrap(root.to(names(rooms))) };
}

/**
 * Emits `{channelId?, seq, action, ids}` to the rooms that may read the change. A change of one item
 * names it to every room that hears of it (each may read that item). A bulk change (a folder subtree)
 * names its ids only to sockets that read the whole channel or the subtree's root (`scope.wholeFor`);
 * sockets of its sub-folders get it without ids, as they may not read all (the rule of changes.get,
 * methods/change-visibility).
 */
export function emitChange(target: LocalTarget, change: ScopedChange): void {
  const event = EVENT_NAMES[change.kind];
  const base = change.kind === 'folders' || change.kind === 'events' || change.kind === 'values' ? { channelId: change.channelId, seq: change.seq, action: change.action } : { seq: change.seq, action: change.action };
  const rooms = roomsFor(change);
  if (change.kind === 'channels' || change.kind === 'accesses' || !isBulk(change)) {
    target.to(rooms).emit(event, { ...base, ids: change.ids });
    // In its change's turn, so a socket hears of values in seq order with everything else.
    if (change.notice) target.to(rooms).emit(change.notice.event, { ...change.notice.data, channelId: change.channelId, seq: change.seq });
    return;
  }
  const whole = [ALL_CHANNELS_ROOM, channelRoom(change.channelId!), ...(change.scope?.wholeFor ?? []).map((folderId) => folderRoom(change.channelId!, folderId))];
  target.to(whole).emit(event, { ...base, ids: change.ids });
  const partial = rooms.filter((room) => !whole.includes(room));
  if (partial.length > 0) target.to(partial).except(whole).emit(event, base);
}

/** The rooms whose sockets may read what `change` touched. */
export function roomsFor(change: ScopedChange): string[] {
  if (change.kind === 'accesses') return [ALL_ACCESSES_ROOM, ...(change.scope?.accessCreators ?? []).map(accessCreatorRoom)];
  const channelId = change.channelId!;
  if (change.kind === 'channels') return [ALL_CHANNELS_ROOM, channelRoom(channelId), partialChannelRoom(channelId)];
  // Values live at the channel's root: sockets that read only some folders of it do not read them.
  if (change.kind === 'values') return [ALL_CHANNELS_ROOM, channelRoom(channelId)];
  return [ALL_CHANNELS_ROOM, channelRoom(channelId), ...(change.scope?.folderIds ?? []).map((folderId) => folderRoom(channelId, folderId))];
}
