/**
 * Graceful stop: once draining, new calls are refused with `api-unavailable` while the calls in
 * flight run to their answer; `idle()` resolves when the last one has answered.
 */
import { ApiError } from '../errors';
import type { AnsweringDispatch } from '../registry/dispatch';

export class Drain {
  private inFlight = 0;
  private draining = false;
  private readonly waiting: (() => void)[] = [];

  get isDraining(): boolean {
    return this.draining;
  }

  /** Wraps dispatch: counts each call until it has answered, and refuses new ones while draining. */
  guard(dispatch: AnsweringDispatch): AnsweringDispatch {
    return (call, answer) => {
      // Inner calls of a batch already in flight still run: only calls from outside are new work.
      if (this.draining && call.transport !== 'batch') return answer(new ApiError('api-unavailable', 'This node is shutting down: retry on another node or in a moment'));
      this.inFlight++;
      dispatch(call, (error, result) => {
        // The door has its answer first; then the call no longer counts as in flight.
        answer(error, result);
        this.inFlight--;
        if (this.inFlight === 0) this.waiting.splice(0).forEach((resolve) => resolve());
      });
    };
  }

  /** Stops taking new calls. */
  start(): void {
    this.draining = true;
  }

  /** Resolves once no call is in flight. */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

/** True once the operation settles, false after `ms` whatever it is still doing (a stop must never hang). */
export function bounded(operation: Promise<unknown> | undefined, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    Promise.resolve(operation).then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]).finally(() => clearTimeout(timer));
}
