/** Records every stored write as a change with the account's next seq, then hands it to the listeners. */
import type { Change, ChangeAction, ChangeKind, ChangeScope } from '../model/items';
import type { ChangesStore } from '../storage/changes-store';

/** A change as stored: the public fields plus who may hear of it. */
export type ScopedChange = Change & { scope?: ChangeScope };

export type ChangeListener = (account: string, change: ScopedChange) => void;

export interface ChangeRecord {
  kind: ChangeKind;
  action: ChangeAction;
  ids: string[];
  channelId?: string;
  scope?: ChangeScope;
}

export interface Retention {
  maxCount: number;
  maxAgeSeconds: number;
}

// Trimming on every write would double the writes; every TRIM_EVERY-th seq keeps the log near its bounds.
const TRIM_EVERY = 100;

export class ChangeLog {
  private readonly listeners: ChangeListener[] = [];

  constructor(
    private readonly store: ChangesStore,
    private readonly clock: () => number,
    private readonly retention: Retention,
  ) {}

  /** Subscribes a listener (the socket notifier) to every recorded change. */
  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /** Call after the write is stored: the change gets its seq, then listeners hear of it. */
  async record(account: string, record: ChangeRecord): Promise<ScopedChange> {
    const { kind, action, ids, channelId, scope } = record;
    const change = await this.store.append(account, {
      kind,
      action,
      ...(channelId ? { channelId } : {}),
      ids,
      time: this.clock(),
      ...(scope ? { scope } : {}),
    });
    for (const listener of this.listeners) listener(account, change);
    // Retention is housekeeping, off the write's path: it neither delays nor fails the write; the next trim retries.
    if (change.seq % TRIM_EVERY === 0) void this.trim(account, change.seq).catch(() => 0);
    return change;
  }

  /** Applies the retention rules to an account's log now (also used by tests and operators). */
  trim(account: string, latest: number): Promise<number> {
    return this.store.trim(account, latest, this.retention.maxCount, this.clock() - this.retention.maxAgeSeconds);
  }
}
