/** Items are stored and returned without undefined fields, so a field is either there or absent (as it reads back from JSON). */
export function withoutUndefined<T extends object>(item: T): T {
  if (!Object.values(item).includes(undefined)) return item;
  return Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined)) as T;
}
