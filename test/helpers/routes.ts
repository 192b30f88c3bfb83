/** SPEC §4's HTTP routes, written from the contract rather than read from the server, and the method a request names. */

export type Verb = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type Route = [verb: Verb, path: string, body?: 'update'];

/** Routes below `/{username}` (channel-scoped ones below `/{username}/{cid}`), by method name. */
export const ROUTES: Record<string, Route> = {
  getAccessInfo: ['GET', '/access-info'],
  callBatch: ['POST', '/'],
  'channels.get': ['GET', '/channels'],
  'channels.create': ['POST', '/channels'],
  'channels.update': ['PUT', '/channels/{id}', 'update'],
  'channels.delete': ['DELETE', '/channels/{id}'],
  'auth.login': ['POST', '/auth/login'],
  'auth.logout': ['POST', '/auth/logout'],
  'folders.get': ['GET', '/folders'],
  'folders.create': ['POST', '/folders'],
  'folders.update': ['PUT', '/folders/{id}', 'update'],
  'folders.delete': ['DELETE', '/folders/{id}'],
  'events.get': ['GET', '/events'],
  'events.getOne': ['GET', '/events/{id}'],
  'events.create': ['POST', '/events'],
  'events.update': ['PUT', '/events/{id}', 'update'],
  'events.delete': ['DELETE', '/events/{id}'],
  'events.start': ['POST', '/events/start'],
  'events.stop': ['POST', '/events/stop'],
  'events.getRunning': ['GET', '/events/running'],
  'accesses.get': ['GET', '/accesses'],
  'accesses.create': ['POST', '/accesses'],
  'accesses.update': ['PUT', '/accesses/{id}', 'update'],
  'accesses.delete': ['DELETE', '/accesses/{id}'],
  'changes.get': ['GET', '/changes'],
  'values.get': ['GET', '/values'],
  'values.set': ['PUT', '/values/{key}'],
  'values.delete': ['DELETE', '/values/{key}'],
  'realtime.post': ['POST', '/realtime/post'],
  'realtime.getSettings': ['GET', '/realtime/settings'],
  'realtime.updateSettings': ['PUT', '/realtime/settings'],
};

const isChannelScoped = (name: string): boolean => name.startsWith('folders.') || name.startsWith('events.') || name.startsWith('values.');

/** Fixed segments before `{id}`: `/events/running` must win over `/events/{id}`. */
const ORDERED = Object.entries(ROUTES).sort(([, a], [, b]) => wildcards(a[1]) - wildcards(b[1]));

function wildcards(template: string): number {
  return template.split('/').filter((segment) => segment.startsWith('{')).length;
}

function matches(template: string, segments: string[]): boolean {
  const parts = template.split('/').filter(Boolean);
  return parts.length === segments.length && parts.every((part, i) => part.startsWith('{') || part === segments[i]);
}

/**
 * The method id a raw request calls (`channels.get`, `somecid.events.get`, `users.create`), or null
 * for routes that are no method. `hostStyle`: the account is in the host, not the first path segment.
 */
export function methodOfRequest(verb: string, url: string, hostStyle: boolean): string | null {
  const segments = new URL(url).pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (segments[0] === 'users') {
    if (verb === 'POST' && segments.length === 1) return 'users.create';
    if (verb === 'DELETE' && segments.length === 2) return 'users.delete';
    return null;
  }
  const rest = hostStyle ? segments : segments.slice(1);
  if (!hostStyle && segments.length === 0) return null;
  for (const [name, [routeVerb, template]] of ORDERED) {
    if (routeVerb !== verb) continue;
    if (!isChannelScoped(name) && matches(template, rest)) return name;
    if (isChannelScoped(name) && rest.length > 0 && matches(template, rest.slice(1))) return `${rest[0]}.${name}`;
  }
  return null;
}
