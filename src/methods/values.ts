/**
 * `{cid}.values.get/set/delete`: a channel's current values (PxServ-style), one JSON value per key,
 * replaced as a whole. They live at the channel's root: reading them takes a level on the channel
 * itself (a folder permission does not reach them), writing takes contribute there.
 */
import { ApiError } from '../errors';
import type { ChangeAction, ValueItem } from '../model/items';
import { callerOf } from '../registry/call-context';
import { defineMethod, MethodDefinition } from '../registry/method-definition';
import type { ChangeRecord } from '../storage/store';
import { openChannelScope, requireLevelAt } from './channel-scope';
import type { MethodDeps } from './method-deps';

export function valueMethods(deps: MethodDeps): MethodDefinition[] {
  const { store } = deps;

  const get = defineMethod({
    name: 'values.get',
    channelScoped: true,
    authentication: 'token',
    paramsSchema: 'methods/values.get.json',
    resultSchema: 'results/values.get.json',
    http: { verb: 'get', path: '/values' },
    async run(params, context) {
      const scope = await openChannelScope(deps.channelCache, context);
      requireLevelAt(scope, null, 'read', 'channel');
      return { values: await store.values.list(context.username, scope.channel.id, params.keys) };
    },
  });

  const set = defineMethod({
    name: 'values.set',
    channelScoped: true,
    authentication: 'token',
    paramsSchema: 'methods/values.set.json',
    resultSchema: 'results/values.set.json',
    http: { verb: 'put', path: '/values/:key' },
    async run({ key, value, icon }, context) {
      const scope = await openChannelScope(deps.channelCache, context);
      requireLevelAt(scope, null, 'contribute', 'channel');
      const item: ValueItem = {
        key,
        value,
        ...(icon === undefined ? {} : { icon }),
        lastUpdate: new Date(Math.round(context.now * 1000)).toISOString(),
        modified: context.now,
        modifiedBy: callerOf(context).access.id,
      };
      const data = { key, lastUpdate: item.lastUpdate, icon: icon ?? null, value };
      await store.values.set(context.username, scope.channel.id, item, valueChange('updated', scope.channel.id, key, { event: 'setData', data }));
      return { value: item };
    },
  });

  const remove = defineMethod({
    name: 'values.delete',
    channelScoped: true,
    authentication: 'token',
    paramsSchema: 'methods/values.delete.json',
    resultSchema: 'results/values.delete.json',
    http: { verb: 'delete', path: '/values/:key' },
    async run({ key }, context) {
      const scope = await openChannelScope(deps.channelCache, context);
      requireLevelAt(scope, null, 'contribute', 'channel');
      const removed = await store.values.remove(context.username, scope.channel.id, key, valueChange('deleted', scope.channel.id, key, { event: 'removeData', data: { key } }));
      if (!removed) throw new ApiError('unknown-resource', `No value "${key.slice(0, 200)}" in this channel`, { key });
      return { key };
    },
  });

  return [get, set, remove];
}

/** A set is `updated` whether it created the key or replaced it; the notice rides with it to the sockets. */
function valueChange(action: ChangeAction, channelId: string, key: string, notice: ChangeRecord['notice']): ChangeRecord {
  return { kind: 'values', action, channelId, ids: [key], notice };
}
