/**
 * How a MongoDB write and its change are stored without transactions: the change first, then the
 * write, then the listeners. A process killed in between leaves at worst a change naming an item that
 * was never stored (harmless); never a stored item that no change names (lost to every syncing client).
 */
import type { ChangeListener, ChangeRecord, StoredChange } from '../store';
import type { MongoChanges } from './mongo-changes';

interface Pending {
  change: StoredChange;
  /** null while the write runs; then whether listeners hear of it. */
  heard: boolean | null;
}

export class ChangeFirst {
  private readonly listeners: ChangeListener[] = [];
  /**
   * Changes claimed on this node whose writes may still run, per account, in seq order: writes finish
   * in any order, but listeners hear of them in seq order (a later write waits for earlier ones).
   */
  private readonly pending = new Map<string, Pending[]>();

  constructor(private readonly changes: MongoChanges) {}

  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /** Claims the change, runs the write; listeners hear of it unless the write failed or found nothing (null). */
  async write<T>(account: string, record: ChangeRecord, apply: () => Promise<T>): Promise<{ result: T; change: StoredChange }> {
    // The notice goes to the listeners only, never into the log.
    const { notice, ...logged } = record;
    const change = await this.changes.append(account, logged);
    const slot: Pending = { change: notice ? { ...change, notice } : change, heard: null };
    this.enqueue(account, slot);
    try {
      const result = await apply();
      slot.heard = result !== null;
      return { result, change };
    } catch (error) {
      slot.heard = false;
      throw error;
    } finally {
      this.flush(account);
    }
  }

  private enqueue(account: string, slot: Pending): void {
    const queue = this.pending.get(account) ?? [];
    // Claims on one node are serialised per account, so this is almost always an append.
    let index = queue.length;
    while (index > 0 && queue[index - 1].change.seq > slot.change.seq) index--;
    queue.splice(index, 0, slot);
    this.pending.set(account, queue);
  }

  private flush(account: string): void {
    const queue = this.pending.get(account);
    if (!queue) return;
    while (queue.length > 0 && queue[0].heard !== null) {
      const { change, heard } = queue.shift()!;
      if (heard) for (const listener of this.listeners) listener(account, change);
    }
    if (queue.length === 0) this.pending.delete(account);
  }
}
