/**
 * The channels and folder trees this node has read, kept until a change says otherwise: a
 * channel-scoped call costs no read of them once warm. Every change to a channel or its folders
 * forgets them here at once (the change log) and on the other nodes through Redis; while Redis is
 * away those messages may be lost, so entries are then trusted only briefly.
 */
import type { Channel } from '../model/items';
import type { Store } from '../storage/store';
import { FolderTree } from './folder-tree';

const MAX_ENTRIES = 10000;

export interface ChannelView {
  channel: Channel;
  tree: FolderTree;
}

interface Entry extends ChannelView {
  readAt: number;
}

export class ChannelCache {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by every forget: a read that started before one may be stale and is not kept. */
  private epoch = 0;

  /** `trustFor()` says how long (seconds) an entry may be used; Infinity while invalidations are sure to arrive. */
  constructor(
    private readonly store: Pick<Store, 'channels' | 'folders'>,
    private readonly clock: () => number,
    private readonly trustFor: () => number = () => Infinity,
  ) {}

  /**
   * The channel with its folder tree, or null when the channel does not exist. A kept tree that lacks
   * one of `folderIds` is read again: the folder may have just been made on another node, whose
   * message to forget may still be on its way.
   */
  async load(account: string, channelId: string, folderIds: readonly (string | null | undefined)[] = []): Promise<ChannelView | null> {
    const key = `${account}/${channelId}`;
    const now = this.clock();
    const cached = this.entries.get(key);
    const holdsAll = (view: ChannelView) => folderIds.every((id) => id === null || id === undefined || view.tree.get(id) !== undefined);
    if (cached && now - cached.readAt < this.trustFor() && holdsAll(cached)) return cached;
    const epoch = this.epoch;
    const [channel, folders] = await Promise.all([this.store.channels.get(account, channelId), this.store.folders.inChannel(account, channelId)]);
    if (!channel) return null;
    const entry = { channel, tree: new FolderTree(folders), readAt: now };
    if (epoch === this.epoch) this.keep(key, entry);
    return entry;
  }

  /** The folder tree of a channel (empty when it does not exist). */
  async tree(account: string, channelId: string): Promise<FolderTree> {
    return (await this.load(account, channelId))?.tree ?? new FolderTree([]);
  }

  forget(account: string, channelId: string): void {
    this.epoch++;
    this.entries.delete(`${account}/${channelId}`);
  }

  forgetAccount(account: string): void {
    this.epoch++;
    for (const key of this.entries.keys()) if (key.startsWith(`${account}/`)) this.entries.delete(key);
  }

  forgetAll(): void {
    this.epoch++;
    this.entries.clear();
  }

  private keep(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}
