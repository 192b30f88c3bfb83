/** Reversible escaping of free-form object keys so client JSON never reads as an operator or a path. */

// `%` is escaped too so that a key that already looks escaped comes back unchanged.
const ENCODINGS: Record<string, string> = { '%': '%25', '.': '%2E', $: '%24' };
const DECODINGS: Record<string, string> = { '%25': '%', '%2E': '.', '%24': '$' };

/** Escapes every key of `value` (deeply) that contains `.`, `%` or `$`. */
export function encodeKeys(value: unknown): unknown {
  return mapKeys(value, (key) => key.replace(/[%.$]/g, (c) => ENCODINGS[c]));
}

/** Undoes {@link encodeKeys}. */
export function decodeKeys(value: unknown): unknown {
  return mapKeys(value, (key) => (key.includes('%') ? key.replace(/%(25|2E|24)/g, (m) => DECODINGS[m]) : key));
}

function mapKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => mapKeys(item, rename));
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  // defineProperty, not assignment: a client's own `__proto__` key must stay a key, not set a prototype.
  for (const [key, inner] of Object.entries(value)) Object.defineProperty(result, rename(key), { value: mapKeys(inner, rename), enumerable: true, writable: true, configurable: true });
  return result;
}
