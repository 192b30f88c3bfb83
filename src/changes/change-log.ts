/** Records every stored write as a change with the account's next seq, then hands it to the listeners. */
import type { Change, ChangeAction, ChangeKind } from '../model/items';
import type { ChangesStore } from '../storage/changes-store';

export type ChangeListener = (account: string, change: Change) => void;

export class ChangeLog {
  private readonly listeners: ChangeListener[] = [];

  constructor(
    private readonly store: ChangesStore,
    private readonly clock: () => number,
  ) {}

  /** Subscribes a listener (the socket notifier) to every recorded change. */
  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /** Call after the write is stored: the change gets its seq, then listeners hear of it. */
  async record(account: string, kind: ChangeKind, action: ChangeAction, ids: string[], channelId?: string): Promise<Change> {
    const change = await this.store.append(account, { kind, action, ...(channelId ? { channelId } : {}), ids, time: this.clock() });
    for (const listener of this.listeners) listener(account, change);
    return change;
  }
}
