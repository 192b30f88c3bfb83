/** Room names inside an account's namespace: a socket joins the rooms of what its access may read. */
import type { Permissions } from '../access/permissions';

export const ALL_CHANNELS_ROOM = 'channels:*';
export const ACCESSES_ROOM = 'accesses';

export function channelRoom(channelId: string): string {
  return `channel:${channelId}`;
}

export function accessRoom(accessId: string): string {
  return `access:${accessId}`;
}

/** The rooms a socket of this access joins at connect. */
export function roomsOf(accessId: string, permissions: Permissions): string[] {
  const rooms = [accessRoom(accessId)];
  const visible = permissions.visibleChannels();
  if (visible === '*') rooms.push(ALL_CHANNELS_ROOM);
  else rooms.push(...visible.map(channelRoom));
  if (permissions.canManageAccesses) rooms.push(ACCESSES_ROOM);
  return rooms;
}
