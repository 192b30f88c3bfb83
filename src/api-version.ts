/** The API version every response carries: the package version. */
import { version } from '../package.json';

export const API_VERSION: string = version;

/** The `meta` member of every response. */
export function responseMeta(now: number = Date.now() / 1000): { apiVersion: string; serverTime: number } {
  return { apiVersion: API_VERSION, serverTime: now };
}
