/** channels.get/create/update/delete (SPEC §4): the top of an account's data, with trash then delete. */
import { ApiError } from '../errors';
import type { Channel } from '../model/items';
import { callerOf, CallContext } from '../registry/call-context';
import { defineMethod, MethodDefinition } from '../registry/method-definition';
import { requireChannelLevel, requirePersonal } from './authorization';
import { initialClientData, mergeClientData } from './client-data';
import { RESERVED_CHANNEL_IDS, newItemId } from './item-ids';
import { publicDeletion } from './channel-scope';
import type { ChangeAction } from '../model/items';
import type { ChangeRecord } from '../storage/store';
import type { MethodDeps } from './method-deps';
import { withoutUndefined } from '../model/without-undefined';

export function channelMethods({ store }: MethodDeps): MethodDefinition[] {
  async function existing(context: CallContext, id: string): Promise<Channel> {
    const channel = await store.channels.get(context.username, id);
    if (!channel) throw new ApiError('unknown-resource', `Unknown channel "${id}"`, { id });
    return channel;
  }

  const get = defineMethod({
    name: 'channels.get',
    channelScoped: false,
    authentication: 'token',
    paramsSchema: 'methods/channels.get.json',
    resultSchema: 'results/channels.get.json',
    http: { verb: 'get', path: '/channels' },
    async run(params, context) {
      const visible = callerOf(context).permissions.visibleChannels();
      const ids = visible === '*' ? undefined : visible;
      const channels = await store.channels.list(context.username, params.state ?? 'default', ids);
      if (params.includeDeletionsSince === undefined) return { channels };
      const deletions = await store.deletions.since(context.username, 'channels', params.includeDeletionsSince);
      return { channels, channelDeletions: (ids ? deletions.filter((d) => ids.includes(d.id)) : deletions).map(publicDeletion) };
    },
  });

  const create = defineMethod({
    name: 'channels.create',
    channelScoped: false,
    authentication: 'token',
    paramsSchema: 'methods/channels.create.json',
    resultSchema: 'results/channels.create.json',
    http: { verb: 'post', path: '/channels', status: 201 },
    authorize: (_params, context) => requirePersonal(context),
    async run(params, context) {
      const accessId = callerOf(context).access.id;
      const channel: Channel = {
        id: newItemId(params.id, RESERVED_CHANNEL_IDS),
        name: params.name,
        enforceNoEventsOverlap: params.enforceNoEventsOverlap ?? false,
        clientData: initialClientData(params.clientData),
        created: context.now,
        createdBy: accessId,
        modified: context.now,
        modifiedBy: accessId,
      };
      const stored = withoutUndefined(channel);
      await store.channels.create(context.username, stored, channelChange('created', stored.id));
      return { channel: stored };
    },
  });

  const update = defineMethod({
    name: 'channels.update',
    channelScoped: false,
    authentication: 'token',
    paramsSchema: 'methods/channels.update.json',
    resultSchema: 'results/channels.update.json',
    http: { verb: 'put', path: '/channels/:id', body: 'update' },
    authorize: (params, context) => requireChannelLevel(context, params.id, 'manage'),
    async run({ id, update: changes }, context) {
      const current = await existing(context, id);
      const next = withoutUndefined<Channel>({
        ...current,
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.enforceNoEventsOverlap !== undefined ? { enforceNoEventsOverlap: changes.enforceNoEventsOverlap } : {}),
        ...(changes.clientData !== undefined ? { clientData: mergeClientData(current.clientData, changes.clientData) } : {}),
        ...(changes.trashed !== undefined ? { trashed: changes.trashed || undefined } : {}),
        modified: context.now,
        modifiedBy: callerOf(context).access.id,
      });
      const updated = await store.channels.replace(context.username, current, next, channelChange('updated', id));
      if (!updated) throw new ApiError('unknown-resource', `Unknown channel "${id}"`, { id });
      return { channel: updated.item };
    },
  });

  const remove = defineMethod({
    name: 'channels.delete',
    channelScoped: false,
    authentication: 'token',
    paramsSchema: 'methods/channels.delete.json',
    resultSchema: 'results/channels.delete.json',
    http: { verb: 'delete', path: '/channels/:id' },
    authorize: (params, context) => requireChannelLevel(context, params.id, 'manage'),
    async run({ id }, context) {
      const current = await existing(context, id);
      if (!current.trashed) {
        const next = { ...current, trashed: true as const, modified: context.now, modifiedBy: callerOf(context).access.id };
        const trashed = await store.channels.replace(context.username, current, next, channelChange('trashed', id));
        if (!trashed) throw new ApiError('unknown-resource', `Unknown channel "${id}"`, { id });
        return { channel: trashed.item };
      }
      const deletion = { id, deleted: context.now };
      if (!(await store.channels.remove(context.username, id, context.now, channelChange('deleted', id)))) throw new ApiError('unknown-resource', `Unknown channel "${id}"`, { id });
      return { channelDeletion: deletion };
    },
  });

  return [get, create, update, remove];
}

function channelChange(action: ChangeAction, id: string): ChangeRecord {
  return { kind: 'channels', action, ids: [id], channelId: id };
}
