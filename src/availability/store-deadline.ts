/**
 * Bounds how long any store call may keep a caller waiting. During a MongoDB outage the driver waits
 * for server selection before it fails; a caller should instead hear `api-unavailable` promptly. The
 * store itself is left as it is (its driver reconnects on its own); only the wait is cut, so a write
 * that was cut may still complete, which the change log already allows (changes first, then items).
 */
import { StoreUnavailableError, type Store } from '../storage/store';

/** `store` with every promise-returning operation failing with StoreUnavailableError after `ms`; close is never cut. */
export function withDeadline(store: Store, ms: number): Store {
  return wrap(store, ms, true) as Store;
}

/** `operation`, or StoreUnavailableError after `ms`, whichever comes first. */
export function raceDeadline<T>(operation: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError(new Error(`${what} did not answer within ${ms} ms`))), ms);
  });
  return Promise.race([operation, deadline]).finally(() => clearTimeout(timer));
}

function wrap(target: object, ms: number, top: boolean): object {
  const cache = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(object, property) {
      if (cache.has(property)) return cache.get(property);
      const value = Reflect.get(object, property, object);
      let wrapped: unknown = value;
      if (typeof value === 'function') {
        wrapped =
          top && property === 'close'
            ? value.bind(object)
            : (...args: unknown[]) => {
                const result = (value as (...a: unknown[]) => unknown).apply(object, args);
                return result instanceof Promise ? raceDeadline(result, ms, `store.${String(property)}`) : result;
              };
      } else if (top && value !== null && typeof value === 'object') {
        wrapped = wrap(value, ms, false);
      }
      cache.set(property, wrapped);
      return wrapped;
    },
  });
}
