/** Hears every change the store has written (with its write) and hands it on; keeps the log within retention. */
import type { ChangeListener, ChangesStore, StoredChange, Store } from '../storage/store';

export type { ChangeListener } from '../storage/store';

/** A change as stored: the public fields plus who may hear of it. */
export type ScopedChange = StoredChange;

/** A folder subtree's change; changes recorded before `scope.wholeFor` existed are told apart by naming several ids. */
export function isBulk(change: StoredChange): boolean {
  return change.scope?.wholeFor !== undefined || change.ids.length > 1;
}

export interface Retention {
  maxCount: number;
  maxAgeSeconds: number;
}

// Trimming on every write would double the writes; every TRIM_EVERY-th seq keeps the log near its bounds.
const TRIM_EVERY = 100;

export class ChangeLog {
  private readonly listeners: ChangeListener[] = [];
  private readonly changes: ChangesStore;

  constructor(
    store: Pick<Store, 'changes' | 'onChange'>,
    private readonly clock: () => number,
    private readonly retention: Retention,
  ) {
    this.changes = store.changes;
    store.onChange((account, change) => this.stored(account, change));
  }

  /** Subscribes a listener (the socket notifier, the caches) to every stored change. */
  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /** Applies the retention rules to an account's log now (also used by tests and operators). */
  trim(account: string, latest: number): Promise<number> {
    return this.changes.trim(account, latest, this.retention.maxCount, this.clock() - this.retention.maxAgeSeconds);
  }

  private stored(account: string, change: StoredChange): void {
    for (const listener of this.listeners) listener(account, change);
    // Retention is housekeeping, off the write's path: it neither delays nor fails the write; the next trim retries.
    if (change.seq % TRIM_EVERY === 0) void this.trim(account, change.seq).catch(() => 0);
  }
}
