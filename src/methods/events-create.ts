/** `{cid}.events.create` and `{cid}.events.start` (SPEC §4): recording marks, periods and running periods. */
import { ApiError } from '../errors';
import type { MethodParams, MethodResult } from '../generated/method-types';
import type { Event } from '../model/items';
import { CallContext, callerOf } from '../registry/call-context';
import { defineMethod, MethodDefinition } from '../registry/method-definition';
import { ChannelScope, openChannelScope, requireLevelAt } from './channel-scope';
import { initialClientData } from './client-data';
import { eventChange, findLatestRunning, noOverlapRule, requireRecordablePlace, tracking } from './events-rules';
import { withoutUndefined } from '../model/without-undefined';
import { newItemId, RESERVED_EVENT_IDS } from './item-ids';
import type { MethodDeps } from './method-deps';
import type { ChangeRecord } from '../storage/store';

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

  const noOverlap = noOverlapRule(scope);
  const change = eventChange(scope, 'created', event);
  if (!noOverlap || event.duration !== null) {
    await deps.store.events.create(context.username, event, change, { noOverlap });
    return { event };
  }
  // Stopping the running period and storing the new one are one store write, checked there. When a
  // concurrent start got there first, the running period read here is stale: read it again and retry.
  let running = await findLatestRunning(deps, context.username, scope, event.time);
  for (let attempt = 0; ; attempt++) {
    try {
      return await startAfter(deps, context, scope, event, change, running);
    } catch (error) {
      if (!(error instanceof ApiError && error.id === 'periods-overlap') || attempt >= MAX_START_ATTEMPTS) throw error;
      const latest = await findLatestRunning(deps, context.username, scope, event.time);
      if (latest?.id === running?.id && latest?.modified === running?.modified) throw error;
      running = latest;
    }
  }
}

// Each lost race means another start was stored: a caller retries at most once per concurrent start.
const MAX_START_ATTEMPTS = 100;

/** Stores a running period in a no-overlap channel, stopping `running` (the latest running period before it) in the same write. */
async function startAfter(deps: MethodDeps, context: CallContext, scope: ChannelScope, event: Event, change: ChangeRecord, running: Event | null): Promise<CreateResult> {
  const noOverlap = noOverlapRule(scope)!;
  if (!running) {
    await deps.store.events.create(context.username, event, change, { noOverlap });
    return { event };
  }
  requireLevelAt(scope, running.folderId, 'contribute', `event "${running.id}"`);
  // The running period, once stopped at the new event's time, ends where the new one starts: no overlap.
  const stop = { previous: running, next: { ...running, duration: event.time - running.time, ...tracking(context) }, change: eventChange(scope, 'updated', running) };
  const { stopped } = await deps.store.events.start(context.username, event, change, stop, { ...noOverlap, excludeIds: [running.id] });
  return stopped ? { event, stoppedId: running.id } : { event };
}
