/**
 * A fixed-window counter kept in this process, answered synchronously: the per-call and per-command
 * limits of a single node are counted on every call, and rate-limiter-flexible's memory limiter
 * answers with a promise (and a timer per new key) where a Map entry is enough. Same semantics as
 * RateLimiterMemory: a key's window opens at its first point and lasts `duration` seconds.
 */
interface Window {
  consumed: number;
  /** Milliseconds since the epoch when the window closes. */
  endsAt: number;
}

export class WindowCounter {
  private readonly windows = new Map<string, Window>();
  private nextSweep = 0;

  constructor(
    private readonly points: number,
    private readonly durationSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Counts one point for `key`; returns 0 when within the limit, else the milliseconds until its window
   * closes. `now` (ms) when the caller has read the clock already: a clock read costs ~40 ns here.
   */
  consume(key: string, now: number = this.now()): number {
    if (now >= this.nextSweep) this.sweep(now);
    const window = this.windows.get(key);
    if (window === undefined || window.endsAt <= now) {
      this.windows.set(key, { consumed: 1, endsAt: now + this.durationSeconds * 1000 });
      return 1 > this.points ? this.durationSeconds * 1000 : 0;
    }
    window.consumed++;
    return window.consumed > this.points ? window.endsAt - now : 0;
  }

  /** Forgets closed windows, at most once per window length: no timer per key, and no growth without bound. */
  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
    this.nextSweep = now + this.durationSeconds * 1000;
  }
}
