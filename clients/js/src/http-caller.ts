/** HttpCaller: one method call as a batch `POST /{username}`, the route every method has. */
import type { BatchCall, BatchResult } from './api-types';
import { isErrorBody, LogbookError } from './errors';

/** Calls methods over HTTP with `fetch`; used while the socket is not connected. */
export class HttpCaller {
  constructor(
    private readonly accountUrl: string,
    private readonly token: string,
    private readonly timeoutMs: number,
  ) {}

  /**
   * A batch of one call rather than each method's own route: one request shape for every method,
   * channel-scoped ones included, with no route table to keep in step with the server.
   */
  async call(method: string, params: unknown): Promise<unknown> {
    // callBatch cannot be nested, so it is the batch itself.
    if (method === 'callBatch') return this.post(params);
    const answer = await this.post([{ method, params: params as BatchCall['params'] }]);
    const results = (answer as { results?: unknown }).results;
    if (!Array.isArray(results) || results.length !== 1) throw new LogbookError('invalid-response', `Unexpected answer to ${method}`, { answer });
    const result = results[0] as BatchResult;
    if ('error' in result && isErrorBody(result.error)) throw LogbookError.fromBody(result.error);
    return result;
  }

  private async post(body: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(this.accountUrl, {
        method: 'POST',
        headers: { authorization: this.token, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new LogbookError(timedOut ? 'timeout' : 'network-error', timedOut ? `No answer within ${this.timeoutMs} ms` : String(error));
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      throw new LogbookError('invalid-response', `HTTP ${response.status} with a body that is not JSON`);
    }
    const error = (json as { error?: unknown } | null)?.error;
    if (isErrorBody(error)) throw LogbookError.fromBody(error);
    if (!response.ok || typeof json !== 'object' || json === null) throw new LogbookError('invalid-response', `HTTP ${response.status}`, { body: json });
    return withoutMeta(json);
  }
}

/** A result without the transport's `meta`, so both transports answer the same object. */
export function withoutMeta(result: unknown): unknown {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return result;
  const { meta: _meta, ...rest } = result as Record<string, unknown>;
  return rest;
}
