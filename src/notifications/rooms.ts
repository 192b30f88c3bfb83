/**
 * Room names inside an account's namespace. A socket joins, at connect, the rooms of what its access
 * may read; a notification goes to the rooms of what changed, so scoping is a room lookup.
 */
import type { Permissions } from '../access/permissions';
import type { AccessType } from '../model/items';

/** Sockets that see every channel. */
export const ALL_CHANNELS_ROOM = 'channels:*';
/** Sockets of personal accesses: they manage every access. */
export const ALL_ACCESSES_ROOM = 'accesses:*';

/** Sockets that see all of one channel. */
export function channelRoom(channelId: string): string {
  return `channel:${channelId}`;
}

/** Sockets that see only some folders of a channel (they still hear of the channel itself). */
export function partialChannelRoom(channelId: string): string {
  return `channel-part:${channelId}`;
}

/** Sockets holding a permission on this folder (which covers its sub-folders). */
export function folderRoom(channelId: string, folderId: string): string {
  return `folder:${channelId}/${folderId}`;
}

/** Every socket of one access: for revocation and permission changes. */
export function accessRoom(accessId: string): string {
  return `access:${accessId}`;
}

/** Sockets of the app access that created the accesses concerned. */
export function accessCreatorRoom(accessId: string): string {
  return `accesses:by:${accessId}`;
}

/** The rooms a socket of this access joins. */
export function roomsOf(access: { id: string; type: AccessType }, permissions: Permissions): string[] {
  const rooms = [accessRoom(access.id)];
  if (permissions.visibleChannels() === '*') rooms.push(ALL_CHANNELS_ROOM);
  else {
    rooms.push(...permissions.grantedChannels().map(channelRoom));
    for (const channelId of permissions.partlySeenChannels()) {
      rooms.push(partialChannelRoom(channelId), ...permissions.grantedFolders(channelId).map((folderId) => folderRoom(channelId, folderId)));
    }
  }
  if (access.type === 'personal') rooms.push(ALL_ACCESSES_ROOM);
  if (access.type === 'app') rooms.push(accessCreatorRoom(access.id));
  return rooms;
}

/**
 * A room of an account's namespace as the root namespace names it: sockets that connect to `/` with
 * an API key join the rooms of their account under this prefix (usernames hold no `/`); without
 * `room`, the room of every root socket of the account.
 */
export function rootRoom(account: string, room = ''): string {
  return `${account}/${room}`;
}
