/** Where an HTTP call's token comes from: `Authorization` (raw or Bearer) or the `auth` query parameter. */
import type { Context } from 'koa';

export function tokenOf(ctx: Context): string | null {
  const header = ctx.get('authorization');
  if (header) return header.replace(/^Bearer\s+/i, '').trim() || null;
  const query = ctx.query.auth;
  return typeof query === 'string' && query !== '' ? query : null;
}
