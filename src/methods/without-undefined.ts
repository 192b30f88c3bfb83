/** Items are stored and returned without undefined fields, so a field is either there or absent. */
export function withoutUndefined<T extends object>(item: T): T {
  return Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined)) as T;
}
