/** Where an HTTP call's token comes from: `Authorization` (raw or Bearer) or the `auth` query parameter. */
import type { IncomingMessage } from 'node:http';
import type { ParsedUrlQuery } from 'node:querystring';

export function tokenOf(req: IncomingMessage, query: ParsedUrlQuery): string | null {
  const header = req.headers.authorization;
  if (header) return header.replace(/^Bearer\s+/i, '').trim() || null;
  const auth = query.auth;
  return typeof auth === 'string' && auth !== '' ? auth : null;
}
