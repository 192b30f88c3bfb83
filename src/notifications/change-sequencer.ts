/**
 * Puts each account's changes in seq order before this node emits them to its own sockets. Changes
 * reach a node by two paths (its own writes at once, other nodes' through Redis), so seq N+1 written
 * here can arrive before N written elsewhere. The cost is per account with sockets on this node, not
 * per socket: one queue (the last seq emitted, the changes waiting behind a gap, one timer), and one
 * room-addressed emit per change.
 */
import type { ScopedChange } from '../changes/change-log';
import type { ChangesStore, ChangeVisibility } from '../storage/store';

/** How long a later seq waits for an earlier one before the gap is read from the change log... */
export const GAP_WAIT_MS = 150;
/**
 * ...and how many reads may come back without it before it is skipped: a seq taken but never stored
 * (a process killed in between). Generous, since a write still running under load looks the same
 * for a while, and a seq skipped too early would be dropped when it comes.
 */
export const GAP_READS = 10;
const FILL_PAGE = 1000;
/** Every change of the account, whoever wrote it: the sequencer emits to rooms, which do the scoping. */
const EVERYTHING: ChangeVisibility = { accesses: 'all', channels: '*', partial: [] };

interface Queue {
  /** The last seq emitted (or, at first, the account's latest when its first socket connected); null while that is read. */
  last: number | null;
  ready: Promise<void>;
  /** Changes that came before an earlier one; made at the first (an empty Map is memory every followed account keeps). */
  waiting: Map<number, ScopedChange> | null;
  timer: NodeJS.Timeout | null;
  misses: number;
}

export class ChangeSequencer {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly changes: Pick<ChangesStore, 'since' | 'latestSeq'>,
    /** Emits one change to this node's sockets of the account, if it still has any (false: none left). */
    private readonly emit: (account: string, change: ScopedChange) => boolean,
  ) {}

  /**
   * Starts following an account when a socket of it connects here: changes up to the account's latest
   * seq now were before the socket, the next ones it must all receive. Resolves when that is known.
   */
  open(account: string): Promise<void> {
    let queue = this.queues.get(account);
    if (!queue) {
      const created: Queue = { last: null, ready: Promise.resolve(), waiting: null, timer: null, misses: 0 };
      created.ready = this.changes.latestSeq(account).then(
        (latest) => {
          created.last = latest;
          this.drain(account, created);
        },
        (error: unknown) => {
          this.close(account);
          throw error;
        },
      );
      this.queues.set(account, (queue = created));
    }
    return queue.ready;
  }

  /** Forgets an account (its namespace is new or gone on this node). */
  close(account: string): void {
    const queue = this.queues.get(account);
    if (queue?.timer) clearTimeout(queue.timer);
    this.queues.delete(account);
  }

  /** Takes a change from either path; emits it when every earlier one has been, never twice. */
  accept(account: string, change: ScopedChange): void {
    const queue = this.queues.get(account);
    // No socket of the account has connected here: nobody to tell, and nothing to remember.
    if (!queue || (queue.last !== null && change.seq <= queue.last)) return;
    if (queue.waiting === null && queue.last !== null && change.seq === queue.last + 1) {
      // In order, nothing waiting: the common case, emitted without a Map.
      queue.last = change.seq;
      queue.misses = 0;
      if (!this.emit(account, change)) this.close(account);
      return;
    }
    (queue.waiting ??= new Map()).set(change.seq, change);
    this.drain(account, queue);
  }

  private drain(account: string, queue: Queue): void {
    const { waiting } = queue;
    if (queue.last === null || waiting === null) return;
    for (const seq of waiting.keys()) if (seq <= queue.last) waiting.delete(seq);
    for (let next = waiting.get(queue.last + 1); next; next = waiting.get(queue.last + 1)) {
      waiting.delete(next.seq);
      queue.last = next.seq;
      queue.misses = 0;
      if (!this.emit(account, next)) {
        this.close(account);
        return;
      }
    }
    if (waiting.size === 0) {
      if (queue.timer) clearTimeout(queue.timer);
      queue.timer = null;
      queue.waiting = null;
    } else {
      queue.timer ??= setTimeout(() => void this.fill(account, queue), GAP_WAIT_MS).unref();
    }
  }

  /** A later seq came and the earlier ones did not: read them from the change log. */
  private async fill(account: string, queue: Queue): Promise<void> {
    const from = queue.last!;
    const stored = await this.changes.since(account, from, FILL_PAGE, EVERYTHING).catch(() => [] as ScopedChange[]);
    queue.timer = null;
    if (this.queues.get(account) !== queue) return;
    const waiting = (queue.waiting ??= new Map());
    for (const change of stored) if (change.seq > queue.last! && !waiting.has(change.seq)) waiting.set(change.seq, change);
    if (!waiting.has(queue.last! + 1) && waiting.size > 0 && ++queue.misses >= GAP_READS) {
      // Still missing after several reads: its write failed (or was trimmed); go on without it.
      queue.last = Math.min(...waiting.keys()) - 1;
    }
    this.drain(account, queue);
  }
}
