/**
 * Events of a channel on MongoDB. Two stored-only fields make the hot queries index-friendly:
 * `endTime` (time + duration; RUNNING_END while running) turns "periods overlapping a range" and
 * "running" into plain range tests, and `typeClass` turns `class/*` into an equality.
 */
import { ApiError } from '../../errors';
import type { Event } from '../../model/items';
import { overlapQueryOf, refuseOverlaps } from '../invariants';
import type { ChangeRecord, EventPlaces, EventsPageQuery, EventsStore, NoOverlap, OverlapQuery, StopRunning, StoredChange, Written } from '../store';
import { AccountCollection, accountIndex, channelItemKey } from './account-collection';
import type { ChangeFirst } from './change-first';
import type { ChannelLeases } from './channel-leases';
import type { Database, Filter } from './documents';
import type { MongoDeletions } from './mongo-deletions';
import { stateFilter } from './state-filter';

/** The end of a running period: later than any real time, and storable (unlike Infinity). */
const RUNNING_END = 1e15;

export class MongoEvents implements EventsStore {
  private constructor(
    private readonly items: AccountCollection<Event>,
    private readonly deletions: MongoDeletions,
    private readonly writes: ChangeFirst,
    private readonly leases: ChannelLeases,
  ) {}

  static async open(db: Database, deletions: MongoDeletions, writes: ChangeFirst, leases: ChannelLeases): Promise<MongoEvents> {
    const indexes = [
      // events.get: events starting inside a range (time bounded on both sides), and the time sort of every page.
      accountIndex('account_channel_time', ['channelId', 'time']),
      accountIndex('account_channel_modified', ['channelId', 'modified']),
      accountIndex('account_channel_folder_time', ['channelId', 'folderId', 'time']),
      // Running periods (endTime = RUNNING_END, newest first) and periods started before a range that
      // reach into it (endTime >= from, time < from): time in the key answers both without fetching.
      accountIndex('account_channel_end_time', ['channelId', 'endTime', 'time']),
    ];
    const items = new AccountCollection<Event>(await db.collection('events', indexes), {
      freeForm: ['content', 'clientData'],
      keyOf: (e) => channelItemKey(e.channelId, e.id),
      derived: { fields: ['endTime', 'typeClass'], compute: (event) => ({ endTime: endTimeOf(event), typeClass: event.type.split('/')[0] }) },
    });
    return new MongoEvents(items, deletions, writes, leases);
  }

  get(account: string, channelId: string, id: string): Promise<Event | null> {
    return this.items.get(account, channelItemKey(channelId, id));
  }

  page(account: string, query: EventsPageQuery): Promise<Event[]> {
    if (query.places !== '*' && query.places.length === 0) return Promise.resolve([]);
    return this.items.find(account, pageFilter(query), { sort: { time: query.ascending ? 1 : -1 }, skip: query.skip, limit: query.limit });
  }

  async latestRunning(account: string, { channelId, places, startedBy }: { channelId: string; places: EventPlaces; startedBy?: number }): Promise<Event | null> {
    if (places !== '*' && places.length === 0) return null;
    const filter: Filter = { channelId, endTime: RUNNING_END, trashed: { $ne: true } };
    if (startedBy !== undefined) filter.time = { $lte: startedBy };
    if (places !== '*') filter.folderId = { $in: places };
    const [running] = await this.items.find(account, filter, { sort: { time: -1 }, limit: 1 });
    return running ?? null;
  }

  overlapping(account: string, query: OverlapQuery): Promise<Event[]> {
    const filter: Filter = {
      channelId: query.channelId,
      // Touching periods (one ends when the next starts) do not overlap.
      endTime: { $gt: query.from },
      time: { $lt: Math.min(query.to, RUNNING_END) },
      duration: { $exists: true },
      trashed: { $ne: true },
    };
    if (query.excludeIds.length > 0) filter.id = { $nin: query.excludeIds };
    return this.items.find(account, filter, { limit: query.limit });
  }

  countInFolders(account: string, channelId: string, folderIds: string[]): Promise<number> {
    return this.items.count(account, { channelId, folderId: { $in: folderIds } });
  }

  /** Ids of the events in these folders, for a bulk step that must name them in its change first. */
  async idsInFolders(account: string, channelId: string, folderIds: string[]): Promise<{ id: string; folderId: string }[]> {
    const events = await this.items.find(account, { channelId, folderId: { $in: folderIds } });
    return events.map((event) => ({ id: event.id, folderId: event.folderId! }));
  }

  async create(account: string, event: Event, change: ChangeRecord, options: { noOverlap?: NoOverlap } = {}): Promise<StoredChange> {
    const write = async () => (await this.writes.write(account, change, () => this.items.insert(account, event))).change;
    const { noOverlap } = options;
    if (!noOverlap) return write();
    return this.leases.hold(account, event.channelId, async () => {
      await this.checkOverlap(account, event, noOverlap);
      return write();
    });
  }

  async start(account: string, event: Event, change: ChangeRecord, stop: StopRunning, noOverlap: NoOverlap): Promise<{ change: StoredChange; stopped: Written<Event> | null }> {
    // Under the lease: nothing else that could overlap is written in this channel until the new period is stored.
    return this.leases.hold(account, event.channelId, async () => {
      const current = await this.get(account, stop.previous.channelId, stop.previous.id);
      const running = current !== null && current.duration === null && !current.trashed;
      await this.checkOverlap(account, event, { ...noOverlap, excludeIds: noOverlap.excludeIds.filter((id) => running || id !== stop.previous.id) });
      // Checked before stopping, so that a taken id does not leave the running period stopped for nothing.
      if (await this.get(account, event.channelId, event.id)) throw new ApiError('item-already-exists', 'An item with the same id already exists', { id: event.id });
      // A kill between the two writes leaves the period stopped and no new one: no overlap either way.
      const stopped = running ? await this.replace(account, stop.previous, stop.next, stop.change) : null;
      const stored = (await this.writes.write(account, change, () => this.items.insert(account, event))).change;
      return { change: stored, stopped };
    });
  }

  async replace(account: string, previous: Event, next: Event, change: ChangeRecord, options: { noOverlap?: NoOverlap } = {}): Promise<Written<Event> | null> {
    const write = async () => {
      const { result, change: stored } = await this.writes.write(account, change, () => this.items.replace(account, previous, next));
      return result ? { item: result, change: stored } : null;
    };
    const { noOverlap } = options;
    if (!noOverlap) return write();
    return this.leases.hold(account, previous.channelId, async () => {
      await this.checkOverlap(account, next, noOverlap);
      return write();
    });
  }

  /** Under the channel's lease: refuses with `periods-overlap` when `event` would overlap a stored period. */
  private async checkOverlap(account: string, event: Event, rule: NoOverlap): Promise<void> {
    const query = overlapQueryOf(event, rule);
    if (query) refuseOverlaps(await this.overlapping(account, query), rule.readable);
  }

  async remove(account: string, event: Event, deleted: number, folderIds: string[], change: ChangeRecord): Promise<StoredChange | null> {
    const { result, change: stored } = await this.writes.write(account, change, async () => {
      // Only the call that removed it records the deletion (a concurrent second delete must not move its time);
      // a kill in between loses the record, never the change, which was stored first.
      if (!(await this.items.remove(account, channelItemKey(event.channelId, event.id)))) return null;
      await this.deletions.record(account, 'events', event.id, deleted, { channelId: event.channelId, folderIds });
      return true;
    });
    return result ? stored : null;
  }

  /** Moves every event of these folders to `parentId` in one write. */
  moveToFolder(account: string, channelId: string, folderIds: string[], parentId: string | null, tracking: { modified: number; modifiedBy: string }): Promise<number> {
    return this.items.updateMany(account, { channelId, folderId: { $in: folderIds } }, { folderId: parentId, ...tracking });
  }

  /** Removes every event of these folders in one write. */
  removeInFolders(account: string, channelId: string, folderIds: string[]): Promise<number> {
    return this.items.removeMany(account, { channelId, folderId: { $in: folderIds } });
  }

  removeChannel(account: string, channelId: string): Promise<number> {
    return this.items.removeMany(account, { channelId });
  }

  removeAccount(account: string): Promise<number> {
    return this.items.removeMany(account, {});
  }
}

/** When an event ends: its time for a mark, time + duration for a period, RUNNING_END while running. */
function endTimeOf(event: Pick<Event, 'time' | 'duration'>): number {
  if (event.duration === undefined) return event.time;
  if (event.duration === null) return RUNNING_END;
  return event.time + event.duration;
}

/** The filter of one events.get page; every value is copied from the typed query, never a client object. */
function pageFilter(query: EventsPageQuery): Filter {
  const clauses: Filter[] = [];
  const { range } = query;
  if (range) {
    // "time <= to AND endTime >= from", split so that events starting in the range use the
    // (channelId, time) index with both bounds, and only periods started earlier need endTime.
    clauses.push({
      $or: [{ time: { $gte: range.from, $lte: range.to } }, { time: { $lt: range.from, $lte: range.to }, endTime: { $gte: range.from } }],
    });
  }
  if (query.places !== '*') clauses.push({ folderId: { $in: query.places } });
  // One equality per tag, which matches inside arrays (FerretDB's `$all` support is partial).
  for (const tag of query.tags ?? []) clauses.push({ tags: tag });
  if (query.types && query.types.length > 0) clauses.push(typesClause(query.types));
  if (query.running) clauses.push({ endTime: RUNNING_END });
  const state = stateFilter(query.state);
  if (Object.keys(state).length > 0) clauses.push(state);
  if (query.modifiedSince !== undefined) clauses.push({ modified: { $gt: query.modifiedSince } });
  return clauses.length > 0 ? { channelId: query.channelId, $and: clauses } : { channelId: query.channelId };
}

function typesClause(types: string[]): Filter {
  const exact = types.filter((type) => !type.endsWith('/*'));
  const classes = types.filter((type) => type.endsWith('/*')).map((type) => type.slice(0, -2));
  const alternatives: Filter[] = [];
  if (exact.length > 0) alternatives.push({ type: { $in: exact } });
  if (classes.length > 0) alternatives.push({ typeClass: { $in: classes } });
  return alternatives.length === 1 ? alternatives[0] : { $or: alternatives };
}
