/**
 * Messages between users (Skapi style): a connection joins groups, posts to a group it is in or to
 * one account, and lists who is in a group, across nodes. Messages are never stored: delivered at
 * most once, to the connections of personal and app accesses only.
 */
import { ApiError } from '../errors';
import { callerOf, type CallContext } from '../registry/call-context';
import { defineMethod, MethodDefinition } from '../registry/method-definition';
import type { MessagingConnection } from '../notifications/realtime/realtime-types';
import type { RealtimeSettings } from '../model/items';
import { requirePersonal } from './authorization';
import type { MethodDeps } from './method-deps';

/** What an account that never changed its settings has. */
const DEFAULT_SETTINGS: RealtimeSettings = { acceptPrivateMessages: true };

export function realtimeMethods({ realtime, store, limits, config }: MethodDeps): MethodDefinition[] {
  /** Shared accesses read data; they do not talk (their sockets are not registered to message either). */
  function requireMessaging(_params: unknown, context: CallContext): void {
    if (callerOf(context).access.type === 'shared') throw new ApiError('forbidden', 'Shared accesses cannot send or receive realtime messages');
  }

  /** The calling connection, counted against its realtime limit; over HTTP there is none. */
  async function connectionOf(context: CallContext, method: string): Promise<MessagingConnection> {
    const connection = context.connectionId === null ? null : realtime.connection(context.connectionId);
    if (!connection) throw new ApiError('invalid-operation', `${method} acts on a Socket.IO connection: call it over a socket`);
    await limits?.consumeRealtime({ cid: connection.cid });
    return connection;
  }

  const join = defineMethod({
    name: 'realtime.join',
    channelScoped: false,
    authentication: 'token',
    paramsSchema: 'methods/realtime.join.json',
    resultSchema: 'results/realtime.join.json',
    authorize: requireMessaging,
    async run({ group }, context) {
      await realtime.join(await connectionOf(context, 'realtime.join'), group, config.realtimeMaxGroups);
      return {};
    },
  });

  const leave = defineMethod({
    name: 'realtime.leave',
    channelScoped: false,
    authentication: 'token',
    paramsSchema: 'methods/realtime.leave.json',
    resultSchema: 'results/realtime.leave.json',
    authorize: requireMessaging,
    async run({ group }, context) {
      await realtime.leave(await connectionOf(context, 'realtime.leave'), group);
      return {};
    },
  });

  const post = defineMethod({
    name: 'realtime.post',
    channelScoped: false,
    authentication: 'token',
    paramsSchema: 'methods/realtime.post.json',
    resultSchema: 'results/realtime.post.json',
    http: { verb: 'post', path: '/realtime/post' },
    authorize: requireMessaging,
    async run(params, context) {
      const size = Buffer.byteLength(JSON.stringify(params.message));
      if (size > config.realtimeMaxMessageBytes) throw new ApiError('request-too-large', `A realtime message holds at most ${config.realtimeMaxMessageBytes} bytes of JSON`, { limit: config.realtimeMaxMessageBytes });
      const connection = context.connectionId === null ? null : realtime.connection(context.connectionId);
      const cid = connection?.cid ?? null;
      await limits?.consumeRealtime(cid === null ? { accessId: callerOf(context).access.id } : { cid });
      const sender = context.username;
      if ('group' in params) {
        const { group } = params;
        await requireMembership(group, sender, connection);
        await realtime.send({ group, except: cid, payload: { type: 'message', group, message: params.message, sender, sender_cid: cid } });
      } else {
        const { user } = params;
        await requireAcceptsPrivate(user, sender);
        await realtime.send({ user, except: cid, payload: { type: 'private', message: params.message, sender, sender_cid: cid } });
      }
      return {};
    },
  });

  /** Over a socket the connection must be in the group; over HTTP, some connection of the account. */
  async function requireMembership(group: string, sender: string, connection: MessagingConnection | null): Promise<void> {
    const member = connection === null ? (await realtime.members(group)).some((m) => m.user === sender) : connection.groups.has(group);
    if (!member) throw new ApiError('forbidden', `Only members post to group "${group}": ${connection === null ? 'no connection of this account is in it' : 'realtime.join it first'}`, { group });
  }

  async function requireAcceptsPrivate(user: string, sender: string): Promise<void> {
    const target = await store.users.get(user);
    if (!target) throw new ApiError('unknown-resource', `Unknown user "${user}"`, { user });
    if (user !== sender && !(target.realtime ?? DEFAULT_SETTINGS).acceptPrivateMessages) {
      throw new ApiError('forbidden', `"${user}" does not accept private messages`, { user });
    }
  }

  const members = defineMethod({
    name: 'realtime.members',
    channelScoped: false,
    authentication: 'token',
    paramsSchema: 'methods/realtime.members.json',
    resultSchema: 'results/realtime.members.json',
    authorize: requireMessaging,
    async run({ group }, context) {
      await connectionOf(context, 'realtime.members');
      return { members: await realtime.members(group) };
    },
  });

  const groups = defineMethod({
    name: 'realtime.groups',
    channelScoped: false,
    authentication: 'token',
    paramsSchema: 'methods/realtime.groups.json',
    resultSchema: 'results/realtime.groups.json',
    authorize: requireMessaging,
    async run(_params, context) {
      const connection = await connectionOf(context, 'realtime.groups');
      const names = [...connection.groups].sort();
      return { groups: await Promise.all(names.map(async (group) => ({ group, members: await realtime.members(group) }))) };
    },
  });

  const getSettings = defineMethod({
    name: 'realtime.getSettings',
    channelScoped: false,
    authentication: 'token',
    paramsSchema: 'methods/realtime.getSettings.json',
    resultSchema: 'results/realtime.getSettings.json',
    http: { verb: 'get', path: '/realtime/settings' },
    authorize: requireMessaging,
    async run(_params, context) {
      const user = await store.users.get(context.username);
      return { settings: { ...DEFAULT_SETTINGS, ...user?.realtime } };
    },
  });

  const updateSettings = defineMethod({
    name: 'realtime.updateSettings',
    channelScoped: false,
    authentication: 'token',
    paramsSchema: 'methods/realtime.updateSettings.json',
    resultSchema: 'results/realtime.updateSettings.json',
    http: { verb: 'put', path: '/realtime/settings' },
    authorize: (_params, context) => requirePersonal(context),
    async run(changes, context) {
      const stored = await store.users.updateRealtimeSettings(context.username, changes);
      if (!stored) throw new ApiError('unknown-resource', `Unknown user "${context.username}"`);
      return { settings: { ...DEFAULT_SETTINGS, ...stored } };
    },
  });

  return [join, leave, post, members, groups, getSettings, updateSettings];
}
