/** Items are stored and returned without undefined fields, so a field is either there or absent (as it reads back from JSON). */
export function withoutUndefined<T extends object>(item: T): T {
  // Plain loops: this runs on every write, where Object.values/entries/fromEntries made three arrays.
  const keys = Object.keys(item) as (keyof T)[];
  for (let i = 0; i < keys.length; i++) if (item[keys[i]] === undefined) return definedOnly(item, keys);
  return item;
}

function definedOnly<T extends object>(item: T, keys: (keyof T)[]): T {
  const copy = {} as T;
  for (let i = 0; i < keys.length; i++) if (item[keys[i]] !== undefined) copy[keys[i]] = item[keys[i]];
  return copy;
}
