/** The final delete of a trashed folder: its whole subtree goes, and its events move up or go with it. */
import { ApiError } from '../errors';
import type { Folder } from '../model/items';
import { callerOf, CallContext } from '../registry/call-context';
import { channelItemKey } from '../storage/account-collection';
import { ChannelScope, deletionPlace, folderChangeScope } from './channel-scope';
import type { MethodDeps } from './method-deps';

export async function deleteFolderForGood(
  { store, changeLog }: MethodDeps,
  context: CallContext,
  scope: ChannelScope,
  folder: Folder,
  mergeEventsWithParent: boolean | undefined,
): Promise<{ folderDeletion: { id: string; deleted: number }; updatedEvents: number }> {
  const account = context.username;
  const channelId = scope.channel.id;
  const subtree = scope.tree.descendants(folder.id);
  const inSubtree = { channelId, folderId: { $in: subtree } };
  const linked = await store.events.find(account, inSubtree);
  if (linked.length > 0 && mergeEventsWithParent === undefined) {
    throw new ApiError('invalid-parameters-format', `Folder "${folder.id}" has ${linked.length} events: say whether to merge them into the parent with mergeEventsWithParent`, [
      { path: '/mergeEventsWithParent', message: 'is required when events are linked' },
    ]);
  }
  const eventIds = linked.map((event) => event.id);
  const eventScope = folderChangeScope(scope, ...subtree, folder.parentId);
  // Events first: if a step fails, the folder is still trashed and the delete can be retried.
  if (linked.length > 0 && mergeEventsWithParent) {
    await store.events.updateMany(account, inSubtree, { folderId: folder.parentId, modified: context.now, modifiedBy: callerOf(context).access.id });
    await changeLog.record(account, { kind: 'events', action: 'updated', ids: eventIds, channelId, scope: eventScope });
  } else if (linked.length > 0) {
    for (const event of linked) await store.deletions.record(account, 'events', { id: event.id, deleted: context.now }, deletionPlace(scope, event.folderId));
    await store.events.removeMany(account, inSubtree);
    await changeLog.record(account, { kind: 'events', action: 'deleted', ids: eventIds, channelId, scope: eventScope });
  }
  for (const id of subtree) {
    await store.deletions.record(account, 'folders', { id, deleted: context.now }, deletionPlace(scope, id));
    await store.folders.remove(account, channelItemKey(channelId, id));
  }
  await changeLog.record(account, { kind: 'folders', action: 'deleted', ids: subtree, channelId, scope: folderChangeScope(scope, ...subtree) });
  return { folderDeletion: { id: folder.id, deleted: context.now }, updatedEvents: linked.length };
}
