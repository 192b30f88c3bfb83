/** What a channel-scoped method (`<cid>.folders.*`, `<cid>.events.*`) works within: the channel, its folder tree, the caller's levels there. */
import { ApiError } from '../errors';
import type { Channel, ChangeScope, Deletion, Level } from '../model/items';
import { Permissions, satisfies } from '../access/permissions';
import { CallContext, callerOf } from '../registry/call-context';
import type { DeletionRecord } from '../storage/store';
import type { ChannelCache } from './channel-cache';
import type { FolderTree } from './folder-tree';

export interface ChannelScope {
  channel: Channel;
  tree: FolderTree;
  permissions: Permissions;
}

/**
 * Loads the channel of the method id; a channel the caller cannot see is as unknown as a missing one.
 * `folderIds` are the folders the call names, which the tree must hold if they exist.
 */
export async function openChannelScope(channels: ChannelCache, context: CallContext, folderIds: readonly (string | null | undefined)[] = []): Promise<ChannelScope> {
  const channelId = context.channelId!;
  const { permissions } = callerOf(context);
  const view = permissions.seesChannel(channelId) ? await channels.load(context.username, channelId, folderIds) : null;
  if (!view) throw new ApiError('unknown-resource', `Unknown channel "${channelId}"`, { channelId });
  return { channel: view.channel, tree: view.tree, permissions };
}

/** The caller's level on a folder (nearest explicit permission), or on the channel for null. */
export function levelAt(scope: ChannelScope, folderId: string | null): Level | null {
  const channelId = scope.channel.id;
  return folderId === null ? scope.permissions.channelLevel(channelId) : scope.permissions.folderLevel(channelId, scope.tree.ancestry(folderId));
}

/** Throws `unknown-resource` when the caller cannot see the place, `forbidden` when its level is too low. */
export function requireLevelAt(scope: ChannelScope, folderId: string | null, level: Level, what: string): void {
  const actual = levelAt(scope, folderId);
  // The channel itself is visible (the scope opened), so lacking a level at its root is a missing right.
  if (actual === null && folderId !== null) throw new ApiError('unknown-resource', `Unknown ${what}`, { folderId });
  if (!satisfies(actual, level)) throw new ApiError('forbidden', `This access needs "${level}" here`, { level, ...(folderId === null ? {} : { folderId }) });
}

/** `'*'` when the whole channel is readable, else the folders (with sub-folders) the caller may read. */
export function readableFolders(scope: ChannelScope): '*' | string[] {
  if (scope.permissions.seesWholeChannel(scope.channel.id)) return '*';
  return [...new Set(scope.permissions.grantedFolders(scope.channel.id).flatMap((folderId) => scope.tree.descendants(folderId)))];
}

/** Who may hear of a change in these folders: each folder with its ancestors (null = no folder). */
export function folderChangeScope(scope: ChannelScope, ...folderIds: (string | null)[]): ChangeScope {
  return { folderIds: [...new Set(folderIds.flatMap((folderId) => scope.tree.ancestry(folderId)))] };
}

/** What a client is told of a deletion: `{id, deleted}` only. */
export function publicDeletion({ id, deleted }: DeletionRecord): Deletion {
  return { id, deleted };
}

/** The deletion records of this channel the caller could read when the items existed, as `{id, deleted}`. */
export function visibleDeletions(scope: ChannelScope, records: DeletionRecord[]): Deletion[] {
  if (scope.permissions.seesWholeChannel(scope.channel.id)) return records.map(publicDeletion);
  const granted = scope.permissions.grantedFolders(scope.channel.id);
  return records.filter((record) => (record.folderIds ?? []).some((folderId) => granted.includes(folderId))).map(publicDeletion);
}
