/** The final delete of a trashed folder: its whole subtree goes, and its events move up or go with it. */
import { ApiError } from '../errors';
import type { Folder } from '../model/items';
import { callerOf, CallContext } from '../registry/call-context';
import { ChannelScope, folderChangeScope, requireLevelAt } from './channel-scope';
import type { MethodDeps } from './method-deps';

export async function deleteFolderForGood(
  { store }: MethodDeps,
  context: CallContext,
  scope: ChannelScope,
  folder: Folder,
  mergeEventsWithParent: boolean | undefined,
): Promise<{ folderDeletion: { id: string; deleted: number }; updatedEvents: number }> {
  const account = context.username;
  const channelId = scope.channel.id;
  const subtree = scope.tree.descendants(folder.id);
  // The caller manages the root (folders.delete checked it), but a sub-folder may hold a lower explicit
  // level: every folder that goes needs manage (which covers contributing to its events), and events
  // merged into the parent need contribute there. Checked before anything is written.
  for (const id of subtree) requireLevelAt(scope, id, 'manage', 'folder');
  if (mergeEventsWithParent) requireLevelAt(scope, folder.parentId, 'contribute', 'folder');
  if (mergeEventsWithParent === undefined) {
    const linked = await store.events.countInFolders(account, channelId, subtree);
    if (linked > 0) {
      throw new ApiError('invalid-parameters-format', `Folder "${folder.id}" has ${linked} events: say whether to merge them into the parent with mergeEventsWithParent`, [
        { path: '/mergeEventsWithParent', message: 'is required when events are linked' },
      ]);
    }
  }
  // Readers of the root or above read every folder and event of the subtree; readers of a sub-folder do not.
  const wholeFor = scope.tree.ancestry(folder.id);
  const { eventIds } = await store.folders.removeSubtree(account, {
    channelId,
    folderIds: subtree,
    deleted: context.now,
    ancestries: Object.fromEntries(subtree.map((id) => [id, scope.tree.ancestry(id)])),
    events: mergeEventsWithParent ? { mode: 'merge', parentId: folder.parentId, modified: context.now, modifiedBy: callerOf(context).access.id } : { mode: 'delete' },
    eventsChange: { kind: 'events', action: mergeEventsWithParent ? 'updated' : 'deleted', channelId, scope: { ...folderChangeScope(scope, ...subtree, folder.parentId), wholeFor } },
    foldersChange: { kind: 'folders', action: 'deleted', ids: subtree, channelId, scope: { ...folderChangeScope(scope, ...subtree), wholeFor } },
  });
  return { folderDeletion: { id: folder.id, deleted: context.now }, updatedEvents: eventIds.length };
}
