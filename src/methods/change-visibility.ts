/** Whether an access may read a stored change: the same rules that choose its notification rooms. */
import type { Caller } from '../access/authenticate';
import type { ScopedChange } from '../changes/change-log';

export function mayReadChange({ access, permissions }: Caller, change: ScopedChange): boolean {
  if (change.kind === 'accesses') {
    if (access.type === 'personal') return true;
    return access.type === 'app' && (change.scope?.accessCreators ?? []).includes(access.id);
  }
  const channelId = change.channelId!;
  if (change.kind === 'channels') return permissions.seesChannel(channelId);
  if (permissions.seesWholeChannel(channelId)) return true;
  const granted = permissions.grantedFolders(channelId);
  return (change.scope?.folderIds ?? []).some((folderId) => granted.includes(folderId));
}
