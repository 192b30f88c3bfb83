/** Parses method ids: `getAccessInfo`, `channels.get`, `<cid>.events.get` (ids never contain dots). */

export interface ParsedMethodId {
  /** The definition name to look up. */
  name: string;
  channelId: string | null;
}

/** SPEC §4 spells deleting `delete` and accepts `del` as an alias. */
const ALIASES: Record<string, string> = { del: 'delete' };

export function parseMethodId(id: string): ParsedMethodId | null {
  const parts = id.split('.');
  if (parts.some((part) => part.length === 0) || parts.length > 3) return null;
  const verb = parts[parts.length - 1];
  if (ALIASES[verb]) parts[parts.length - 1] = ALIASES[verb];
  if (parts.length === 3) return { name: `${parts[1]}.${parts[2]}`, channelId: parts[0] };
  return { name: parts.join('.'), channelId: null };
}
