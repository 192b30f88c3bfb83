/** `{cid}.events.get`, `getOne` and `getRunning` (SPEC §4): what the caller may read, newest first by default. */
import { ApiError } from '../errors';
import type { Deletion } from '../model/items';
import { defineMethod, MethodDefinition } from '../registry/method-definition';
import { ChannelScope, levelAt, openChannelScope, readableFolders, visibleDeletions } from './channel-scope';
import type { EventPlaces } from '../storage/store';
import { pageQuery, timeRangeOf } from './events-query';
import { loadVisibleEvent } from './events-rules';
import type { MethodDeps } from './method-deps';

/** The page size when neither a time range nor a limit is given (SPEC §4). */
const DEFAULT_LIMIT = 20;

/** The read-only event methods. */
export function eventReadMethods(deps: MethodDeps): MethodDefinition[] {
  const { store } = deps;
  const maxResults = deps.config.maxResults;

  const get = defineMethod({
    name: 'events.get',
    channelScoped: true,
    authentication: 'token',
    paramsSchema: 'methods/events.get.json',
    resultSchema: 'results/events.get.json',
    http: { verb: 'get', path: '/events' },
    async run(params, context) {
      const scope = await openChannelScope(deps.channelCache, context, params.folders);
      const places = placesOf(scope, params.folders);
      if (params.limit !== undefined && params.limit > maxResults) throw tooManyResults(maxResults);
      const limit = params.limit ?? (timeRangeOf(params, context.now) ? undefined : Math.min(DEFAULT_LIMIT, maxResults));
      // One more than allowed tells "exactly the maximum" from "more than the maximum".
      const events = await store.events.page(context.username, pageQuery(scope.channel.id, params, context.now, places, limit ?? maxResults + 1));
      if (events.length > maxResults) throw tooManyResults(maxResults);
      if (!params.includeDeletions) return { events };
      return { events, eventDeletions: await deletionsSince(deps, context.username, scope, params.modifiedSince ?? 0) };
    },
  });

  const getOne = defineMethod({
    name: 'events.getOne',
    channelScoped: true,
    authentication: 'token',
    paramsSchema: 'methods/events.getOne.json',
    resultSchema: 'results/events.getOne.json',
    http: { verb: 'get', path: '/events/:id' },
    async run({ id }, context) {
      const scope = await openChannelScope(deps.channelCache, context);
      return { event: await loadVisibleEvent(deps, context, scope, id) };
    },
  });

  const getRunning = defineMethod({
    name: 'events.getRunning',
    channelScoped: true,
    authentication: 'token',
    paramsSchema: 'methods/events.getRunning.json',
    resultSchema: 'results/events.getRunning.json',
    http: { verb: 'get', path: '/events/running' },
    async run(_params, context) {
      const scope = await openChannelScope(deps.channelCache, context);
      const events = await store.events.page(context.username, { channelId: scope.channel.id, places: readableFolders(scope), running: true, state: 'default', ascending: false, limit: maxResults + 1 });
      if (events.length > maxResults) throw tooManyResults(maxResults);
      return { events };
    },
  });

  // getRunning before getOne: the static `/events/running` must win over `/events/:id`.
  return [get, getRunning, getOne];
}

/**
 * The places events.get looks in: the asked folders with their sub-folders (null = no folder),
 * within what the caller may read. A folder the caller cannot see is as unknown as a missing one.
 */
function placesOf(scope: ChannelScope, folders: (string | null)[] | undefined): EventPlaces {
  const readable = readableFolders(scope);
  if (!folders || folders.length === 0) return readable;
  const asked = new Set<string | null>();
  for (const folderId of folders) {
    if (folderId === null) {
      asked.add(null);
      continue;
    }
    if (!scope.tree.get(folderId) || levelAt(scope, folderId) === null) {
      throw new ApiError('unknown-referenced-resource', `Unknown folder "${folderId}"`, { folderId });
    }
    for (const id of scope.tree.descendants(folderId)) asked.add(id);
  }
  return readable === '*' ? [...asked] : [...asked].filter((id) => id !== null && readable.includes(id));
}

/** Event deletions since `since` that the caller could read when the events existed. */
async function deletionsSince(deps: MethodDeps, account: string, scope: ChannelScope, since: number): Promise<Deletion[]> {
  return visibleDeletions(scope, await deps.store.deletions.since(account, 'events', since, scope.channel.id));
}

function tooManyResults(limit: number): ApiError {
  return new ApiError('too-many-results', `At most ${limit} events can be returned per call: narrow the range or page with skip and limit`, { limit });
}
