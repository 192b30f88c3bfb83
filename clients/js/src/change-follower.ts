/** ChangeFollower: follows an account's change log so that every readable change is delivered once, in seq order. */
import type { Change } from './api-types';
import { LogbookError } from './errors';

/** What the follower needs from a client; a port so it can be driven without a server. */
export interface FollowerPort {
  getChanges(params: { since: number; limit: number }): Promise<{ changes: Change[]; lastSeq: number }>;
  /** Calls `listener` on every (re)connection of the socket; returns the unsubscribe. */
  onConnect(listener: () => void): () => void;
  /** Calls `listener` with the seq of every notification; returns the unsubscribe. */
  onNotifiedSeq(listener: (seq: number) => void): () => void;
}

export interface SyncOptions {
  /** The last seq the app has processed; 0 (the default) replays the whole log, or resets when its start is gone. */
  since?: number;
  /** Receives each change once, in seq order; the next waits for the returned promise. A throw stops the follower. */
  onChange(change: Change): void | Promise<void>;
  /** The log no longer reaches back to the app's seq: reload the state; following resumes from `lastSeq`. */
  onReset(lastSeq: number): void | Promise<void>;
  /** Called after each catch-up that reached the end of the log. */
  onCaughtUp?(lastSeq: number): void;
  /** A failure: transient ones are retried; others (a revoked token, a throwing onChange) stop the follower. */
  onError?(error: unknown, willRetry: boolean): void;
  /** Changes per changes.get page (1..10000); 1000 by default. */
  pageSize?: number;
  /** First retry delay after a transient failure, doubled up to 30 s; 500 ms by default. */
  retryDelayMs?: number;
}

// Failures after which the same call may work later; every other error id would fail again.
const TRANSIENT = new Set(['timeout', 'connection-lost', 'network-error', 'invalid-response', 'api-unavailable', 'too-many-requests', 'unexpected-error']);
const MAX_RETRY_DELAY_MS = 30_000;

/**
 * Notifications only say "something changed after seq N": they trigger a catch-up, and changes are
 * always read from changes.get, by one catch-up at a time, so the transport's losses, duplicates and
 * reorderings never reach the app.
 */
export class ChangeFollower {
  private cursor: number;
  private requested = false;
  private running: Promise<void> | null = null;
  private stopped = false;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly unsubscribe: (() => void)[];
  private readonly pageSize: number;

  constructor(
    private readonly port: FollowerPort,
    private readonly options: SyncOptions,
  ) {
    this.cursor = options.since ?? 0;
    this.pageSize = options.pageSize ?? 1000;
    this.unsubscribe = [
      port.onConnect(() => void this.catchUp()),
      port.onNotifiedSeq((seq) => {
        if (seq > this.cursor) void this.catchUp();
      }),
    ];
    void this.catchUp();
  }

  /** The seq up to which every readable change has been delivered. */
  get lastSeq(): number {
    return this.cursor;
  }

  /** Asks for a catch-up; resolves when no catch-up is running or asked for any more. Never rejects. */
  catchUp(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.requested = true;
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Stops following: no more catch-ups or callbacks once the running page is delivered. */
  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    for (const unsubscribe of this.unsubscribe) unsubscribe();
  }

  private async drain(): Promise<void> {
    while (this.requested && !this.stopped) {
      this.requested = false;
      try {
        await this.catchUpOnce();
        this.failures = 0;
      } catch (error) {
        this.fail(error);
        return;
      }
    }
  }

  private async catchUpOnce(): Promise<void> {
    let confirming = false;
    while (!this.stopped) {
      const since = this.cursor;
      let page: { changes: Change[]; lastSeq: number };
      try {
        page = await this.port.getChanges({ since, limit: this.pageSize });
      } catch (error) {
        if (!(error instanceof LogbookError && error.id === 'changes-expired')) throw error;
        await this.reset();
        continue;
      }
      for (const change of page.changes) {
        if (this.stopped) return;
        if (change.seq <= this.cursor) continue;
        await this.deliver(change);
        this.cursor = change.seq;
      }
      // A full page: more may follow its last change (lastSeq is then the account's latest, not where this page ended).
      if (page.changes.length >= this.pageSize) continue;
      // An empty page's lastSeq is read after the scan, so a change stored in between would be skipped:
      // asking again scans it, and that answer's lastSeq is where its scan ended.
      if (page.changes.length === 0 && page.lastSeq > since && !confirming) {
        confirming = true;
        continue;
      }
      // What lies between the last delivered change and lastSeq is what this token may not read.
      this.cursor = Math.max(this.cursor, page.lastSeq);
      this.options.onCaughtUp?.(this.cursor);
      return;
    }
  }

  /**
   * The latest seq is read before the app reloads: a change made during the reload is then both in the
   * reloaded state and delivered, rather than in neither.
   */
  private async reset(): Promise<void> {
    const { lastSeq } = await this.port.getChanges({ since: Number.MAX_SAFE_INTEGER, limit: 1 });
    await this.deliver(lastSeq);
    this.cursor = lastSeq;
  }

  /** Runs the app's callback; a throw stops the follower so no change is skipped past. */
  private async deliver(what: Change | number): Promise<void> {
    try {
      await (typeof what === 'number' ? this.options.onReset(what) : this.options.onChange(what));
    } catch (error) {
      this.stop();
      throw error;
    }
  }

  private fail(error: unknown): void {
    const willRetry = !this.stopped && error instanceof LogbookError && TRANSIENT.has(error.id);
    if (willRetry) {
      const delay = Math.min(MAX_RETRY_DELAY_MS, (this.options.retryDelayMs ?? 500) * 2 ** this.failures++);
      this.retryTimer = setTimeout(() => void this.catchUp(), delay);
    } else {
      this.stop();
    }
    this.options.onError?.(error, willRetry);
  }
}
