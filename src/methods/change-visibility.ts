/** What an access may read of the change log: the same rules that choose its notification rooms, as a store query. */
import type { Caller } from '../access/authenticate';
import { isBulk } from '../changes/change-log';
import type { ChangeVisibility, StoredChange } from '../storage/store';

export function changeVisibility({ access, permissions }: Caller): ChangeVisibility {
  const visible = permissions.visibleChannels();
  return {
    accesses: access.type === 'personal' ? 'all' : access.type === 'app' ? { createdBy: access.id } : 'none',
    channels: visible === '*' ? '*' : visible.filter((channelId) => permissions.seesWholeChannel(channelId)),
    partial: permissions.partlySeenChannels().map((channelId) => ({ channelId, folderIds: permissions.grantedFolders(channelId) })),
  };
}

/**
 * The ids of a readable change the caller may be told. A change of one item names it (every reader
 * that hears of it may read it); a bulk change (a folder subtree) names its ids only to readers of the
 * whole channel or of the subtree's root or above, and none (`undefined`) to readers of a sub-folder.
 * Notifications follow the same rule (socket-notifier).
 */
export function readableIds({ permissions }: Caller, change: StoredChange): string[] | undefined {
  if ((change.kind !== 'folders' && change.kind !== 'events') || !isBulk(change)) return change.ids;
  if (permissions.seesWholeChannel(change.channelId!)) return change.ids;
  const granted = permissions.grantedFolders(change.channelId!);
  return (change.scope?.wholeFor ?? []).some((folderId) => granted.includes(folderId)) ? change.ids : undefined;
}
