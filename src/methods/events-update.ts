/** `{cid}.events.update`, `delete` and `stop` (SPEC §4): changing, trashing, removing and ending events. */
import { ApiError } from '../errors';
import type { Event } from '../model/items';
import { defineMethod, MethodDefinition } from '../registry/method-definition';
import { openChannelScope } from './channel-scope';
import { mergeClientData } from './client-data';
import { eventChange, findLatestRunning, loadWritableEvent, noOverlapRule, requireRecordablePlace, stopRunningEvent, tracking } from './events-rules';
import type { MethodDeps } from './method-deps';

/** The methods that change or remove existing events. */
export function eventUpdateMethods(deps: MethodDeps): MethodDefinition[] {
  const { store } = deps;

  const update = defineMethod({
    name: 'events.update',
    channelScoped: true,
    authentication: 'token',
    paramsSchema: 'methods/events.update.json',
    resultSchema: 'results/events.update.json',
    http: { verb: 'put', path: '/events/:id', body: 'update' },
    async run({ id, update: changes }, context) {
      const scope = await openChannelScope(deps.channelCache, context, [changes.folderId]);
      const current = await loadWritableEvent(deps, context, scope, id);
      const folderId = changes.folderId !== undefined ? changes.folderId : current.folderId;
      // Moving needs contribute at both places (the current one was checked by loadWritableEvent).
      if (folderId !== current.folderId) requireRecordablePlace(scope, folderId);
      const next: Event = { ...current, folderId, ...tracking(context) };
      if (changes.time !== undefined) next.time = changes.time;
      if (changes.duration !== undefined) next.duration = changes.duration;
      if (changes.type !== undefined) next.type = changes.type;
      if (changes.content !== undefined) next.content = changes.content;
      if (changes.tags !== undefined) next.tags = changes.tags;
      if (changes.description !== undefined) setOrRemove(next, 'description', changes.description ?? undefined);
      if (changes.clientData !== undefined) setOrRemove(next, 'clientData', mergeClientData(current.clientData, changes.clientData));
      if (changes.trashed !== undefined) setOrRemove(next, 'trashed', changes.trashed || undefined);
      // Only a change of where the period lies (or its coming back from the trash) can make a new overlap.
      const moves = changes.time !== undefined || changes.duration !== undefined || changes.trashed === false;
      const noOverlap = moves ? noOverlapRule(scope) : undefined;
      const updated = await store.events.replace(context.username, current, next, eventChange(scope, 'updated', next, current.folderId), { noOverlap });
      if (!updated) throw new ApiError('unknown-resource', `Unknown event "${id}"`, { id });
      return { event: updated.item };
    },
  });

  const remove = defineMethod({
    name: 'events.delete',
    channelScoped: true,
    authentication: 'token',
    paramsSchema: 'methods/events.delete.json',
    resultSchema: 'results/events.delete.json',
    http: { verb: 'delete', path: '/events/:id' },
    async run({ id }, context) {
      const scope = await openChannelScope(deps.channelCache, context);
      const current = await loadWritableEvent(deps, context, scope, id);
      if (!current.trashed) {
        const trashed = await store.events.replace(context.username, current, { ...current, trashed: true, ...tracking(context) }, eventChange(scope, 'trashed', current));
        if (!trashed) throw new ApiError('unknown-resource', `Unknown event "${id}"`, { id });
        return { event: trashed.item };
      }
      const deletion = { id, deleted: context.now };
      const removed = await store.events.remove(context.username, current, context.now, scope.tree.ancestry(current.folderId), eventChange(scope, 'deleted', current));
      if (!removed) throw new ApiError('unknown-resource', `Unknown event "${id}"`, { id });
      return { eventDeletion: deletion };
    },
  });

  const stop = defineMethod({
    name: 'events.stop',
    channelScoped: true,
    authentication: 'token',
    paramsSchema: 'methods/events.stop.json',
    resultSchema: 'results/events.stop.json',
    http: { verb: 'post', path: '/events/stop' },
    async run(params, context) {
      const scope = await openChannelScope(deps.channelCache, context);
      const time = params.time ?? context.now;
      let id = params.id;
      if (id === undefined) {
        if (!scope.channel.enforceNoEventsOverlap) {
          throw new ApiError('invalid-parameters-format', 'Give the id of the event to stop: this channel allows several running periods', [
            { path: '/id', message: 'is required in a channel that allows overlapping events' },
          ]);
        }
        const running = await findLatestRunning(deps, context.username, scope);
        if (!running) throw new ApiError('invalid-operation', `No period is running in channel "${scope.channel.id}"`, { channelId: scope.channel.id });
        id = running.id;
      }
      const event = await loadWritableEvent(deps, context, scope, id);
      await stopRunningEvent(deps, context, scope, event, time);
      return { stoppedId: id };
    },
  });

  return [update, remove, stop];
}

/** Sets a field, or removes it for undefined, so that the stored item loses it too. */
function setOrRemove<K extends keyof Event>(event: Event, field: K, value: Event[K] | undefined): void {
  if (value === undefined) delete event[field];
  else event[field] = value;
}
