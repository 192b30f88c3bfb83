/** Level resolution for an access: the nearest explicit permission wins (folder, ancestors, channel, '*'). */
import type { Access, Level, Permission } from '../model/items';

const RANK: Record<Level, number> = { read: 1, contribute: 2, manage: 3 };

/** True when `level` is at least `required`. */
export function satisfies(level: Level | null, required: Level): boolean {
  return level !== null && RANK[level] >= RANK[required];
}

/** The channel and folder grants of an access that has none beyond '*' (every personal access). */
const NONE: ReadonlyMap<string, never> = new Map<string, never>();

/** What one access may do, precomputed from its permission list once per authentication. */
export class Permissions {
  private readonly all: Level | null;
  private readonly channels: ReadonlyMap<string, Level>;
  /** Folder-level grants per channel: folderId -> level. */
  private readonly folders: ReadonlyMap<string, ReadonlyMap<string, Level>>;

  constructor(readonly access: Pick<Access, 'type' | 'permissions'>) {
    const list: Permission[] = access.type === 'personal' ? [{ channelId: '*', level: 'manage' }] : access.permissions;
    let all: Level | null = null;
    const channels = new Map<string, Level>();
    const folders = new Map<string, Map<string, Level>>();
    for (const p of list) {
      if (p.channelId === '*') all = p.level;
      else if (p.folderId) {
        const inChannel = folders.get(p.channelId) ?? new Map<string, Level>();
        inChannel.set(p.folderId, p.level);
        folders.set(p.channelId, inChannel);
      } else channels.set(p.channelId, p.level);
    }
    this.all = all;
    // Every socket keeps its access's permissions: the empty maps of a personal access are shared.
    this.channels = channels.size > 0 ? channels : NONE;
    this.folders = folders.size > 0 ? folders : NONE;
  }

  get isPersonal(): boolean {
    return this.access.type === 'personal';
  }

  /** Personal and app accesses manage accesses; shared ones manage none (SPEC §3). */
  get canManageAccesses(): boolean {
    return this.access.type !== 'shared';
  }

  /** The level of the '*' permission alone (accesses.create compares grants target by target). */
  wildcardLevel(): Level | null {
    return this.all;
  }

  /** The level on a whole channel: its own permission, else '*'. */
  channelLevel(channelId: string): Level | null {
    return this.channels.get(channelId) ?? this.all;
  }

  /** The level on a folder given its ancestry (the folder first, then its parents up to the root). */
  folderLevel(channelId: string, folderPath: readonly string[]): Level | null {
    const grants = this.folders.get(channelId);
    if (grants) {
      for (const folderId of folderPath) {
        const level = grants.get(folderId);
        if (level) return level;
      }
    }
    return this.channelLevel(channelId);
  }

  /** True when some part of the channel (or all of it) is visible to the access. */
  seesChannel(channelId: string): boolean {
    return this.channelLevel(channelId) !== null || this.folders.has(channelId);
  }

  /** True when all of the channel is visible (a channel or '*' permission), not just some folders. */
  seesWholeChannel(channelId: string): boolean {
    return this.channelLevel(channelId) !== null;
  }

  /** The folders of a channel this access holds explicit permissions on. */
  grantedFolders(channelId: string): string[] {
    return [...(this.folders.get(channelId)?.keys() ?? [])];
  }

  /** Channels with an explicit channel-level permission. */
  grantedChannels(): string[] {
    return [...this.channels.keys()];
  }

  /** Channels seen only through folder permissions. */
  partlySeenChannels(): string[] {
    return [...this.folders.keys()].filter((channelId) => !this.seesWholeChannel(channelId));
  }

  /** `'*'` when every channel is visible, else the ids of the visible channels. */
  visibleChannels(): '*' | string[] {
    if (this.all) return '*';
    return [...new Set([...this.channels.keys(), ...this.folders.keys()])];
  }
}
