/** Who manages which access, and whether requested permissions name real places within the creator's own (SPEC §3 Permissions). */
import { ApiError } from '../errors';
import type { Access, Level, Permission } from '../model/items';
import type { Caller } from '../access/authenticate';
import { Permissions, satisfies } from '../access/permissions';
import type { ChannelCache } from './channel-cache';
import type { FolderTree } from './folder-tree';

/** True when `manager` may list, update and delete `target`: personal → every app and shared access; app → the shared ones it created. */
export function manages(manager: Access, target: Access): boolean {
  if (manager.type === 'personal') return target.type !== 'personal';
  if (manager.type === 'app') return target.type === 'shared' && target.createdBy === manager.id;
  return false;
}

/** The access types `creator` may create: personal accesses come only from auth.login. */
export function requireMayCreate(creator: Access, type: Access['type']): void {
  if (creator.type === 'shared') throw new ApiError('forbidden', 'A shared access manages no accesses');
  if (type === 'personal') throw new ApiError('forbidden', 'Personal accesses are created by auth.login only', { type });
  if (type === 'app' && creator.type !== 'personal') throw new ApiError('forbidden', 'Only a personal access may create app accesses', { type });
}

/**
 * Throws unless every requested permission names an existing channel or folder the creator can see
 * (`unknown-referenced-resource`: an invisible place is as unknown as a missing one) and the new
 * access would nowhere hold more than the creator (`forbidden`). `path` locates the list in the params.
 */
export async function checkRequestedPermissions(channels: ChannelCache, account: string, creator: Caller, requested: Permission[], path: string): Promise<void> {
  checkShape(requested, path);
  const trees = await loadTrees(channels, account, [...requested, ...creator.access.permissions]);
  for (const permission of requested) {
    if (permission.channelId === '*') continue;
    const channel = creator.permissions.seesChannel(permission.channelId) ? await channels.load(account, permission.channelId) : null;
    // A folder is visible when the creator holds a level there; a channel when it sees any part of it.
    const folderSeen = permission.folderId === undefined || (trees.get(permission.channelId)!.get(permission.folderId) !== undefined && levelAt(creator.permissions, permission, trees) !== null);
    if (!channel || !folderSeen) {
      const { channelId, folderId } = permission;
      throw new ApiError('unknown-referenced-resource', `Unknown ${folderId ? `folder "${folderId}" in ` : ''}channel "${channelId}"`, { channelId, ...(folderId ? { folderId } : {}) });
    }
  }
  if (creator.permissions.isPersonal) return;
  // The nearest explicit permission decides a level, so between two places where neither access has
  // a permission both levels stay the same: comparing at every place either access names compares
  // everywhere (a channel grant must not lift a folder the creator holds at a lower level).
  const wanted = new Permissions({ type: 'shared', permissions: requested });
  for (const place of [...requested, ...creator.access.permissions]) {
    const level = levelAt(wanted, place, trees);
    if (level !== null && !satisfies(levelAt(creator.permissions, place, trees), level)) {
      const { channelId, folderId } = place;
      throw new ApiError('forbidden', `The new permissions would exceed this access's own ("${level}" on ${folderId ? `folder "${folderId}" of ` : ''}channel "${channelId}")`, {
        channelId,
        ...(folderId ? { folderId } : {}),
        level,
      });
    }
  }
}

/** One permission per place, and no folder under '*'. */
function checkShape(requested: Permission[], path: string): void {
  const seen = new Map<string, number>();
  requested.forEach((permission, index) => {
    if (permission.channelId === '*' && permission.folderId !== undefined) {
      throw invalid(`${path}/${index}/folderId`, "must be absent when channelId is '*'");
    }
    const key = `${permission.channelId}/${permission.folderId ?? ''}`;
    if (seen.has(key)) throw invalid(`${path}/${index}`, `names the same place as ${path}/${seen.get(key)}`);
    seen.set(key, index);
  });
}

function invalid(path: string, message: string): ApiError {
  return new ApiError('invalid-parameters-format', `Invalid parameters: ${path} ${message}`, [{ path, message }]);
}

/** The folder trees of every channel a folder permission names. */
async function loadTrees(channels: ChannelCache, account: string, permissions: Permission[]): Promise<Map<string, FolderTree>> {
  const trees = new Map<string, FolderTree>();
  for (const { channelId, folderId } of permissions) {
    if (folderId !== undefined && !trees.has(channelId)) trees.set(channelId, await channels.tree(account, channelId));
  }
  return trees;
}

/** The level `permissions` resolve to at the place a permission names. */
function levelAt(permissions: Permissions, place: Permission, trees: Map<string, FolderTree>): Level | null {
  if (place.channelId === '*') return permissions.wildcardLevel();
  if (place.folderId === undefined) return permissions.channelLevel(place.channelId);
  return permissions.folderLevel(place.channelId, trees.get(place.channelId)!.ancestry(place.folderId));
}
