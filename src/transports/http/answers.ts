/**
 * What every HTTP answer carries, whichever part of the door writes it: the request id, the
 * `API-Version` and `Server-Time` headers, and for a failure the contract's error body.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { API_VERSION, responseMeta } from '../../api-version';
import { toApiError } from '../../registry/dispatch';

/** A client's own request id is kept when it is a plain short token; otherwise one is made. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return given !== undefined && REQUEST_ID.test(given as string) ? (given as string) : randomUUID();
}

const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** The meta headers as one flat list of names and values, as `writeHead` takes them. */
export function metaHeaders(requestId: string): string[] {
  return ['X-Request-Id', requestId, 'API-Version', API_VERSION, 'Server-Time', String(Date.now() / 1000)];
}

/** The Content-Type of every JSON answer (what Koa writes for `ctx.type = 'json'`). */
export const JSON_TYPE = 'application/json; charset=utf-8';

export interface ErrorAnswer {
  status: number;
  /** The JSON body: `{error, meta}`. */
  body: string;
  /** RFC 9110's header for what `data.retryAfter` says, for clients and proxies that read only headers. */
  retryAfter: string | null;
}

/** Any failure as the contract's answer; unexpected errors are logged, never shown. */
export function errorAnswer(error: unknown, logger: Logger, requestId: string): ErrorAnswer {
  const apiError = toApiError(error, logger, { requestId });
  const retryAfter = (apiError.data as { retryAfter?: unknown } | undefined)?.retryAfter;
  return {
    status: apiError.status,
    body: JSON.stringify({ error: apiError.toBody(), meta: responseMeta() }),
    retryAfter: apiError.id === 'too-many-requests' && typeof retryAfter === 'number' ? String(retryAfter) : null,
  };
}
