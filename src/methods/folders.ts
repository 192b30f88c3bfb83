/** `<cid>.folders.*` (SPEC §4): a folder tree per channel, trash then delete, moves without cycles. */
import { ApiError } from '../errors';
import type { ClientData, Folder, FolderNode, ItemState } from '../model/items';
import { callerOf } from '../registry/call-context';
import { defineMethod, MethodDefinition } from '../registry/method-definition';
import type { ChangeRecord } from '../storage/store';
import { ChannelScope, folderChangeScope, levelAt, openChannelScope, requireLevelAt, visibleDeletions } from './channel-scope';
import { initialClientData, mergeClientData } from './client-data';
import { deleteFolderForGood } from './folders-delete';
import { newItemId } from './item-ids';
import type { MethodDeps } from './method-deps';

export function folderMethods(deps: MethodDeps): MethodDefinition[] {
  const { store, channelCache } = deps;

  const get = defineMethod({
    name: 'folders.get',
    channelScoped: true,
    authentication: 'token',
    paramsSchema: 'methods/folders.get.json',
    resultSchema: 'results/folders.get.json',
    http: { verb: 'get', path: '/folders' },
    async run(params, context) {
      const scope = await openChannelScope(channelCache, context, [params.parentId]);
      const parentId = params.parentId ?? null;
      if (parentId !== null) requireExisting(scope, parentId, 'unknown-referenced-resource');
      const folders = visibleTree(scope, parentId, params.state ?? 'default', params.includeHidden ?? false);
      if (params.includeDeletionsSince === undefined) return { folders };
      const records = await store.deletions.since(context.username, 'folders', params.includeDeletionsSince, scope.channel.id);
      return { folders, folderDeletions: visibleDeletions(scope, records) };
    },
  });

  const create = defineMethod({
    name: 'folders.create',
    channelScoped: true,
    authentication: 'token',
    paramsSchema: 'methods/folders.create.json',
    resultSchema: 'results/folders.create.json',
    http: { verb: 'post', path: '/folders', status: 201 },
    async run(params, context) {
      const scope = await openChannelScope(channelCache, context, [params.parentId]);
      const parentId = params.parentId ?? null;
      if (parentId !== null) requireExisting(scope, parentId, 'unknown-referenced-resource');
      requireLevelAt(scope, parentId, 'manage', 'folder');
      refuseTrash(scope, parentId);
      const accessId = callerOf(context).access.id;
      const folder: Folder = {
        id: newItemId(params.id),
        channelId: scope.channel.id,
        name: params.name,
        parentId,
        ...(params.hidden ? { hidden: true } : {}),
        ...withClientData(initialClientData(params.clientData)),
        created: context.now,
        createdBy: accessId,
        modified: context.now,
        modifiedBy: accessId,
      };
      await store.folders.create(context.username, folder, folderChange(scope, 'created', folder.id, parentId));
      return { folder };
    },
  });

  const update = defineMethod({
    name: 'folders.update',
    channelScoped: true,
    authentication: 'token',
    paramsSchema: 'methods/folders.update.json',
    resultSchema: 'results/folders.update.json',
    http: { verb: 'put', path: '/folders/:id', body: 'update' },
    async run({ id, update: changes }, context) {
      const scope = await openChannelScope(channelCache, context, [id, changes.parentId]);
      const current = requireExisting(scope, id, 'unknown-resource');
      requireLevelAt(scope, id, 'manage', 'folder');
      const parentId = changes.parentId === undefined ? current.parentId : changes.parentId;
      if (parentId !== current.parentId) checkMove(scope, id, parentId);
      const { clientData, hidden, trashed, ...rest } = changes;
      const next: Folder = {
        ...current,
        ...rest,
        hidden: hidden === undefined ? current.hidden : hidden || undefined,
        trashed: trashed === undefined ? current.trashed : trashed || undefined,
        parentId,
        modified: context.now,
        modifiedBy: callerOf(context).access.id,
      };
      const mergedClientData = clientData === undefined ? current.clientData : mergeClientData(current.clientData, clientData);
      if (mergedClientData === undefined) delete next.clientData;
      else next.clientData = mergedClientData;
      // false and absent mean the same; stored items carry only `true`.
      if (!next.hidden) delete next.hidden;
      if (!next.trashed) delete next.trashed;
      const stored = await store.folders.replace(context.username, current, next, folderChange(scope, 'updated', id, current.parentId, parentId));
      if (!stored) throw new ApiError('unknown-resource', `Unknown folder "${id}"`, { id });
      return { folder: stored.item };
    },
  });

  const remove = defineMethod({
    name: 'folders.delete',
    channelScoped: true,
    authentication: 'token',
    paramsSchema: 'methods/folders.delete.json',
    resultSchema: 'results/folders.delete.json',
    http: { verb: 'delete', path: '/folders/:id' },
    async run(params, context) {
      const scope = await openChannelScope(channelCache, context, [params.id]);
      const current = requireExisting(scope, params.id, 'unknown-resource');
      requireLevelAt(scope, params.id, 'manage', 'folder');
      if (current.trashed) return deleteFolderForGood(deps, context, scope, current, params.mergeEventsWithParent);
      const next: Folder = { ...current, trashed: true, modified: context.now, modifiedBy: callerOf(context).access.id };
      const trashed = await store.folders.replace(context.username, current, next, folderChange(scope, 'trashed', current.id, current.parentId));
      if (!trashed) throw new ApiError('unknown-resource', `Unknown folder "${params.id}"`, { id: params.id });
      return { folder: trashed.item };
    },
  });

  return [get, create, update, remove];
}

/** The change a folder write makes: heard in the folder's rooms and its (former and new) parents'. */
function folderChange(scope: ChannelScope, action: 'created' | 'updated' | 'trashed', id: string, ...parents: (string | null)[]): ChangeRecord {
  const changeScope = folderChangeScope(scope, ...parents);
  return { kind: 'folders', action, ids: [id], channelId: scope.channel.id, scope: { folderIds: [...new Set([id, ...(changeScope.folderIds ?? [])])] } };
}

/** The folder, if it exists and the caller may see it; otherwise the given error. */
function requireExisting(scope: ChannelScope, id: string, errorId: 'unknown-resource' | 'unknown-referenced-resource'): Folder {
  const folder = scope.tree.get(id);
  if (!folder || levelAt(scope, id) === null) throw new ApiError(errorId, `Unknown folder "${id}"`, errorId === 'unknown-resource' ? { id } : { parentId: id });
  return folder;
}

/** New content cannot go into a trashed channel or a folder in the trash. */
function refuseTrash(scope: ChannelScope, folderId: string | null): void {
  if (scope.channel.trashed) throw new ApiError('invalid-operation', `Channel "${scope.channel.id}" is in the trash`);
  if (folderId !== null && scope.tree.isInTrash(folderId)) throw new ApiError('invalid-operation', `Folder "${folderId}" is in the trash`);
}

/** A move needs an existing, untrashed parent outside the moved subtree, managed by the caller. */
function checkMove(scope: ChannelScope, id: string, parentId: string | null): void {
  if (parentId !== null) {
    requireExisting(scope, parentId, 'unknown-referenced-resource');
    if (scope.tree.descendants(id).includes(parentId)) throw new ApiError('invalid-operation', `Folder "${id}" cannot move into itself or its own sub-folder`, { parentId });
  }
  requireLevelAt(scope, parentId, 'manage', 'folder');
  refuseTrash(scope, parentId);
}

/**
 * The folders to return: below `parentId` (or, for a caller who sees only some folders, from each
 * granted folder), filtered by state and hiddenness. In the `trashed` state a folder in the trash
 * brings its whole subtree, which is in the trash with it.
 */
function visibleTree(scope: ChannelScope, parentId: string | null, state: ItemState, includeHidden: boolean): FolderNode[] {
  const { tree } = scope;
  const shown = (folder: Folder) => includeHidden || !folder.hidden;
  const subtree = (folder: Folder): FolderNode => ({ ...folder, children: tree.nodes(folder.id, shown) });
  let starts: Folder[];
  if (parentId !== null || scope.permissions.seesWholeChannel(scope.channel.id)) starts = tree.children(parentId);
  else {
    const granted = scope.permissions.grantedFolders(scope.channel.id).filter((id) => tree.get(id) && levelAt(scope, id) !== null);
    // A granted folder inside another granted folder is already part of that one's subtree.
    starts = granted.filter((id) => !tree.ancestry(id).slice(1).some((ancestor) => granted.includes(ancestor))).map((id) => tree.get(id)!);
  }
  if (state === 'all') return starts.filter(shown).map(subtree);
  if (state === 'default') {
    const live = (folder: Folder) => shown(folder) && !folder.trashed;
    return starts.filter(live).map((folder) => ({ ...folder, children: tree.nodes(folder.id, live) }));
  }
  const found: FolderNode[] = [];
  const visit = (folder: Folder): void => {
    if (!shown(folder)) return;
    if (folder.trashed) found.push(subtree(folder));
    else tree.children(folder.id).forEach(visit);
  };
  starts.forEach(visit);
  return found;
}

function withClientData(clientData: ClientData | undefined): { clientData?: ClientData } {
  return clientData === undefined ? {} : { clientData };
}
