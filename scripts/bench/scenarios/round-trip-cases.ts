/**
 * Every method of the registry as one round-trips case: how to call it N times on a prepared account
 * (over the socket, or over HTTP for the calls that take no token or end one). users.* are the
 * admin's and not per call.
 */
export const RT_CHANNEL = 'rt';

/** Calls a method (over the socket unless the case says HTTP) and returns its result. */
export interface Caller {
  command(id: string, params?: unknown): Promise<Record<string, unknown>>;
  http(verb: string, path: string, body?: unknown, token?: string): Promise<Record<string, unknown>>;
}

export interface RoundTripCase {
  /** The method and, where it has two outcomes, which one (`channels.delete (final)`). */
  label: string;
  /** Runs before the measured calls, unmeasured: returns what call `i` needs (ids, tokens). */
  prepare?: (caller: Caller, count: number) => Promise<string[]>;
  call: (caller: Caller, i: number, prepared: string[]) => Promise<unknown>;
}

const C = RT_CHANNEL;
const ids = (prefix: string) => async (_caller: Caller, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const created = (method: string, key: string, params: (i: number) => unknown) => async (caller: Caller, count: number) => {
  const made: string[] = [];
  for (let i = 0; i < count; i++) made.push(((await caller.command(method, params(i))) as Record<string, { id: string }>)[key].id);
  return made;
};
const trashed = (method: string, key: string, params: (i: number) => unknown) => async (caller: Caller, count: number) => {
  const made = await created(method, key, params)(caller, count);
  for (const id of made) await caller.command(method.replace(/create$/, 'delete'), { id });
  return made;
};
const event = (i: number) => ({ type: 'note/txt', content: `round trips ${i}` });

/** A fresh run of the cases uses fresh ids: `run` tells them apart when the cases run twice. */
export function roundTripCases(run: string): RoundTripCase[] {
  return [
    { label: 'getAccessInfo', call: (c) => c.command('getAccessInfo') },
    { label: 'channels.get', call: (c) => c.command('channels.get') },
    { label: 'channels.create', prepare: ids(`ch${run}x`), call: (c, i, p) => c.command('channels.create', { id: p[i], name: p[i] }) },
    { label: 'channels.update', call: (c, i) => c.command('channels.update', { id: C, update: { name: `Round trips ${i}` } }) },
    { label: 'channels.delete (to trash)', prepare: created('channels.create', 'channel', (i) => ({ name: `t${run}x${i}` })), call: (c, i, p) => c.command('channels.delete', { id: p[i] }) },
    { label: 'channels.delete (final)', prepare: trashed('channels.create', 'channel', (i) => ({ name: `d${run}x${i}` })), call: (c, i, p) => c.command('channels.delete', { id: p[i] }) },
    { label: '{cid}.folders.get', call: (c) => c.command(`${C}.folders.get`) },
    { label: '{cid}.folders.create', call: (c, i) => c.command(`${C}.folders.create`, { name: `f${run}x${i}` }) },
    { label: '{cid}.folders.update', prepare: created(`${C}.folders.create`, 'folder', (i) => ({ name: `u${run}x${i}` })), call: (c, i, p) => c.command(`${C}.folders.update`, { id: p[i], update: { name: `v${run}x${i}` } }) },
    { label: '{cid}.folders.delete (to trash)', prepare: created(`${C}.folders.create`, 'folder', (i) => ({ name: `t${run}x${i}` })), call: (c, i, p) => c.command(`${C}.folders.delete`, { id: p[i] }) },
    { label: '{cid}.folders.delete (final)', prepare: trashed(`${C}.folders.create`, 'folder', (i) => ({ name: `d${run}x${i}` })), call: (c, i, p) => c.command(`${C}.folders.delete`, { id: p[i] }) },
    { label: '{cid}.events.create', call: (c, i) => c.command(`${C}.events.create`, event(i)) },
    { label: '{cid}.events.get', call: (c) => c.command(`${C}.events.get`, { limit: 20 }) },
    { label: '{cid}.events.getOne', prepare: created(`${C}.events.create`, 'event', event), call: (c, i, p) => c.command(`${C}.events.getOne`, { id: p[i] }) },
    { label: '{cid}.events.update', prepare: created(`${C}.events.create`, 'event', event), call: (c, i, p) => c.command(`${C}.events.update`, { id: p[i], update: { content: `updated ${i}` } }) },
    { label: '{cid}.events.delete (to trash)', prepare: created(`${C}.events.create`, 'event', event), call: (c, i, p) => c.command(`${C}.events.delete`, { id: p[i] }) },
    { label: '{cid}.events.delete (final)', prepare: trashed(`${C}.events.create`, 'event', event), call: (c, i, p) => c.command(`${C}.events.delete`, { id: p[i] }) },
    { label: '{cid}.events.start', call: (c) => c.command(`${C}.events.start`, { type: 'activity/plain' }) },
    { label: '{cid}.events.stop', prepare: created(`${C}.events.start`, 'event', () => ({ type: 'activity/plain' })), call: (c, i, p) => c.command(`${C}.events.stop`, { id: p[i] }) },
    { label: '{cid}.events.getRunning', call: (c) => c.command(`${C}.events.getRunning`) },
    { label: '{cid}.values.set', call: (c, i) => c.command(`${C}.values.set`, { key: `k${i % 3}`, value: i }) },
    { label: '{cid}.values.get', call: (c) => c.command(`${C}.values.get`) },
    { label: '{cid}.values.delete', prepare: async (c, count) => { for (let i = 0; i < count; i++) await c.command(`${C}.values.set`, { key: `del${run}x${i}`, value: i }); return ids(`del${run}x`)(c, count); }, call: (c, i, p) => c.command(`${C}.values.delete`, { key: p[i] }) },
    { label: 'accesses.get', call: (c) => c.command('accesses.get') },
    { label: 'accesses.create', call: (c, i) => c.command('accesses.create', { name: `a${run}x${i}`, type: 'app', permissions: [{ channelId: C, level: 'read' }] }) },
    { label: 'accesses.update', prepare: created('accesses.create', 'access', (i) => ({ name: `u${run}x${i}`, type: 'app', permissions: [{ channelId: C, level: 'read' }] })), call: (c, i, p) => c.command('accesses.update', { id: p[i], update: { name: `v${run}x${i}` } }) },
    { label: 'accesses.delete', prepare: created('accesses.create', 'access', (i) => ({ name: `d${run}x${i}`, type: 'app', permissions: [{ channelId: C, level: 'read' }] })), call: (c, i, p) => c.command('accesses.delete', { id: p[i] }) },
    { label: 'changes.get (limit 100)', call: (c) => c.command('changes.get', { since: 0, limit: 100 }) },
    { label: 'realtime.join', call: (c, i) => c.command('realtime.join', { group: `j${run}x${i}` }) },
    { label: 'realtime.leave', prepare: async (c, count) => { for (let i = 0; i < count; i++) await c.command('realtime.join', { group: `l${run}x${i}` }); return ids(`l${run}x`)(c, count); }, call: (c, i, p) => c.command('realtime.leave', { group: p[i] }) },
    { label: 'realtime.post (group)', prepare: async (c) => (await c.command('realtime.join', { group: `p${run}` }), []), call: (c, i) => c.command('realtime.post', { group: `p${run}`, message: { i } }) },
    { label: 'realtime.post (user)', call: (c, i) => c.command('realtime.post', { user: LOGIN.username, message: { i } }) },
    { label: 'realtime.members', call: (c) => c.command('realtime.members', { group: `p${run}` }) },
    { label: 'realtime.groups', call: (c) => c.command('realtime.groups') },
    { label: 'realtime.getSettings', call: (c) => c.command('realtime.getSettings') },
    { label: 'realtime.updateSettings', call: (c, i) => c.command('realtime.updateSettings', { acceptPrivateMessages: i % 2 === 0 }) },
    { label: 'callBatch (getAccessInfo + events.get)', call: (c) => c.command('callBatch', [{ method: 'getAccessInfo', params: {} }, { method: `${C}.events.get`, params: { limit: 20 } }]) },
    { label: 'auth.login (HTTP)', call: (c) => c.http('POST', '/auth/login', LOGIN) },
    {
      label: 'auth.logout (HTTP)',
      prepare: async (c, count) => {
        const tokens: string[] = [];
        for (let i = 0; i < count; i++) tokens.push((await c.http('POST', '/auth/login', LOGIN)).token as string);
        return tokens;
      },
      call: (c, i, p) => c.http('POST', '/auth/logout', {}, p[i]),
    },
  ];
}

/** The bench account's credentials (lib/logbook.ts creates every bench account with this password). */
export const LOGIN = { username: 'bench-roundtrips', password: 'bench-password-1', appId: 'bench-rt' };
