/** LogbookError: how every failed call rejects, with the server's `{id, message, data}` or a client-side id. */
import type { ErrorBody } from './api-types';

/**
 * Ids the client itself gives, beside the server's catalogue: the call's fate is unknown (it may
 * have run), so nothing is retried behind the caller's back.
 */
export type ClientErrorId = 'timeout' | 'connection-lost' | 'network-error' | 'invalid-response';

/** A failed call: `id` is the server's error id (README "Errors") or a ClientErrorId. */
export class LogbookError extends Error implements ErrorBody {
  readonly id: string;
  readonly data?: unknown;

  constructor(id: string, message: string, data?: unknown) {
    super(message);
    this.name = 'LogbookError';
    this.id = id;
    if (data !== undefined) this.data = data;
  }

  /** The error an `{id, message, data}` body describes. */
  static fromBody(body: ErrorBody): LogbookError {
    return new LogbookError(body.id, body.message, body.data);
  }

  /** The body, as the server would send it. */
  toJSON(): ErrorBody {
    return { id: this.id, message: this.message, ...(this.data !== undefined ? { data: this.data } : {}) };
  }
}

/** True for a value shaped like an error body. */
export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const { id, message } = value as { id?: unknown; message?: unknown };
  return typeof id === 'string' && typeof message === 'string';
}
