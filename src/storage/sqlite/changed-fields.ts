/** What "writing only what changed" means for an item stored as one JSON document. */

/**
 * Applies to `current` (the item as stored now) the fields that differ between `previous` and `next`:
 * changed or added fields are set, fields absent from `next` removed; fields a concurrent write set
 * and this one did not touch (an access's lastUsed) stay as stored.
 */
export function applyChangedFields<T extends object>(current: T, previous: T, next: T): T {
  const result: Record<string, unknown> = { ...(current as Record<string, unknown>) };
  const before = previous as Record<string, unknown>;
  for (const [field, value] of Object.entries(next)) {
    if (value !== undefined && !sameValue(before[field], value)) result[field] = value;
  }
  const after = next as Record<string, unknown>;
  for (const field of Object.keys(before)) if (after[field] === undefined) delete result[field];
  return result as T;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Free-form values (content, clientData, permissions) compare as their JSON: a reordered object counts as changed, which only rewrites it.
  return typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b);
}
