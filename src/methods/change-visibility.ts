/** What an access may read of the change log: the same rules that choose its notification rooms, as a store query. */
import type { Caller } from '../access/authenticate';
import type { ChangeVisibility } from '../storage/store';

export function changeVisibility({ access, permissions }: Caller): ChangeVisibility {
  const visible = permissions.visibleChannels();
  return {
    accesses: access.type === 'personal' ? 'all' : access.type === 'app' ? { createdBy: access.id } : 'none',
    channels: visible === '*' ? '*' : visible.filter((channelId) => permissions.seesWholeChannel(channelId)),
    partial: permissions.partlySeenChannels().map((channelId) => ({ channelId, folderIds: permissions.grantedFolders(channelId) })),
  };
}
