/** The API version every response carries: the package version. */
import { version } from '../package.json';

export const API_VERSION: string = version;

/** The `meta` member of every response. */
export function responseMeta(now: number = Date.now() / 1000): { apiVersion: string; serverTime: number } {
  return { apiVersion: API_VERSION, serverTime: now };
}

/**
 * A method's result with `meta` added last, as HTTP bodies and socket acknowledgements carry it.
 * Object.assign, not a spread: on V8 `{...result, meta}` of an object made per call takes several
 * times longer (measured ~0.7 µs against ~0.13 µs for a getAccessInfo answer, Node 20).
 */
export function withMeta(result: unknown, now?: number): Record<string, unknown> {
  const answer: Record<string, unknown> = Object.assign({}, result);
  answer.meta = responseMeta(now);
  return answer;
}
