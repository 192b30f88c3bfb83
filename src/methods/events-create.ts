/** `{cid}.events.create` and `{cid}.events.start` (SPEC §4): recording marks, periods and running periods. */
import { ApiError } from '../errors';
import type { MethodParams, MethodResult } from '../generated/method-types';
import type { Event } from '../model/items';
import { CallContext, callerOf } from '../registry/call-context';
import { defineMethod, MethodDefinition } from '../registry/method-definition';
import { ChannelScope, openChannelScope, requireLevelAt } from './channel-scope';
import { initialClientData } from './client-data';
import { eventChange, findLatestRunning, requireNoOverlap, requireRecordablePlace, stopRunningEvent } from './events-rules';
import { withoutUndefined } from './without-undefined';
import { newItemId, RESERVED_EVENT_IDS } from './item-ids';
import type { MethodDeps } from './method-deps';

/** The params of `{cid}.events.create`; `events.start` takes the same without `duration`. */
export type CreateParams = MethodParams<'events.create'>;

type CreateResult = MethodResult<'events.create'>;

/** The event-creating methods. */
export function eventCreateMethods(deps: MethodDeps): MethodDefinition[] {
  const create = defineMethod({
    name: 'events.create',
    channelScoped: true,
    authentication: 'token',
    paramsSchema: 'methods/events.create.json',
    resultSchema: 'results/events.create.json',
    http: { verb: 'post', path: '/events', status: 201 },
    async run(params, context) {
      return recordNewEvent(deps, context, await openChannelScope(deps.channelCache, context, [params.folderId]), params);
    },
  });

  const start = defineMethod({
    name: 'events.start',
    channelScoped: true,
    authentication: 'token',
    paramsSchema: 'methods/events.start.json',
    resultSchema: 'results/events.start.json',
    http: { verb: 'post', path: '/events/start', status: 201 },
    async run(params, context) {
      return recordNewEvent(deps, context, await openChannelScope(deps.channelCache, context, [params.folderId]), { ...params, duration: null });
    },
  });

  return [create, start];
}

/**
 * Stores a new event. A running period (`duration: null`) in a no-overlap channel first stops the
 * running one at the new event's time, and the result names it as `stoppedId`.
 */
async function recordNewEvent(deps: MethodDeps, context: CallContext, scope: ChannelScope, params: CreateParams): Promise<CreateResult> {
  const id = newItemId(params.id, RESERVED_EVENT_IDS);
  const folderId = params.folderId ?? null;
  requireRecordablePlace(scope, folderId);
  const accessId = callerOf(context).access.id;
  const event: Event = withoutUndefined({
    id,
    channelId: scope.channel.id,
    folderId,
    time: params.time ?? context.now,
    duration: params.duration,
    type: params.type,
    content: params.content,
    tags: params.tags ?? [],
    description: params.description,
    clientData: initialClientData(params.clientData),
    created: context.now,
    createdBy: accessId,
    modified: context.now,
    modifiedBy: accessId,
  });

  const running = scope.channel.enforceNoEventsOverlap && event.duration === null ? await findLatestRunning(deps, context.username, scope, event.time) : null;
  // The running period, once stopped at the new event's time, ends where the new one starts: no overlap.
  await requireNoOverlap(deps, context.username, scope, event, running ? [running.id] : []);
  if (running) {
    requireLevelAt(scope, running.folderId, 'contribute', `event "${running.id}"`);
    // Checked before stopping, so that a duplicate id does not leave the running period stopped for nothing.
    if (await deps.store.events.get(context.username, scope.channel.id, id)) {
      throw new ApiError('item-already-exists', 'An item with the same id already exists', { id });
    }
    await stopRunningEvent(deps, context, scope, running, event.time);
  }
  await deps.store.events.create(context.username, event, eventChange(scope, 'created', event));
  return running ? { event, stoppedId: running.id } : { event };
}
