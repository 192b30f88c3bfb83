/**
 * The store port: what methods may ask of storage, in the domain's words. Both backends (SQLite
 * embedded, MongoDB) implement it; no query operator, storage key or derived field crosses it.
 *
 * Every write takes the change it makes and stores both as one: on SQLite in one transaction, on
 * MongoDB the change first (a change naming an item never stored is harmless; a stored item no change
 * names would be lost to every syncing client). Listeners hear of each change once it is stored.
 */
import type { Access, AccessType, Change, ChangeScope, Channel, Event, Folder, ItemState, User, Deletion, ChangeKind, ValueItem, RealtimeSettings } from '../model/items';
import type { ChangesStore } from './changes-store';
import type { StoreRoundTrips } from './round-trips';

export type { ChangesPage, ChangesPageJson, ChangesStore, ChangeVisibility } from './changes-store';

/** A change as stored: the public fields plus who may hear of it (never returned to clients). */
export type StoredChange = Change & { ids: string[]; scope?: ChangeScope; notice?: ChangeNotice };

/** The change a write makes, before the store gives it its seq and time. */
export type ChangeRecord = Omit<StoredChange, 'seq' | 'time'>;

/**
 * What sockets are told beside a change (a value's `setData`/`removeData`): handed to the listeners
 * with the change, and to other nodes with it, but never stored, so the change log stays small. A
 * change read back from the log (a gap filled by a node) has none.
 */
export interface ChangeNotice {
  event: 'setData' | 'removeData';
  data: Record<string, unknown>;
}

/** Hears of every change once it (and the write it describes) is stored. */
export type ChangeListener = (account: string, change: StoredChange) => void;

/** An item as written, with the change that records it. */
export interface Written<T> {
  item: T;
  change: StoredChange;
}

/** Where a deleted item was, so that only callers who could read it are told of its deletion. */
export interface DeletionPlace {
  channelId?: string;
  /** The item's folder with its ancestors at deletion time (for folder-level permissions). */
  folderIds?: string[];
  /** For accesses: the access that created the deleted one. */
  createdBy?: string;
}

export type DeletionRecord = Deletion & DeletionPlace;

/** Where events may be: every place (`'*'`), or these folders (null = no folder). */
export type EventPlaces = '*' | (string | null)[];

/** One page of `{cid}.events.get`; every list filters nothing when empty or absent. */
export interface EventsPageQuery {
  channelId: string;
  places: EventPlaces;
  /** Events whose time or period meets [from, to] (a period started before `from` that reaches it counts). */
  range?: { from: number; to: number };
  /** Events holding every one of these tags. */
  tags?: string[];
  /** Exact types, or `class/*` for every type of a class. */
  types?: string[];
  /** Only periods still running. */
  running?: boolean;
  state: ItemState;
  /** Only events modified strictly after this time. */
  modifiedSince?: number;
  /** By time; newest first unless ascending. */
  ascending: boolean;
  skip?: number;
  limit: number;
}

/** The periods of a channel that a period from `from` to `to` (Infinity while running) would overlap. */
export interface OverlapQuery {
  channelId: string;
  from: number;
  to: number;
  /** Ids not to count (the event itself, a running period about to be stopped). */
  excludeIds: string[];
  limit: number;
}

/**
 * Asks an event write to keep the channel free of overlapping periods, checked inside the write (one
 * SQLite transaction; on MongoDB under the channel's lease): refused with `periods-overlap`.
 */
export interface NoOverlap {
  /** Ids not to count besides the event itself (e.g. a running period stopped by the same write). */
  excludeIds: string[];
  /** Where the caller may read: `periods-overlap` names only the overlapped events found there. */
  readable: EventPlaces;
}

/** A running period to stop in the same write as a new period starts (`events.start` in a no-overlap channel). */
export interface StopRunning {
  previous: Event;
  /** The stopped period; stored only if the period is still running when the write runs. */
  next: Event;
  change: ChangeRecord;
}

/** The final delete of a folder subtree, with its events moved to the parent or deleted with it. */
export interface SubtreeRemoval {
  channelId: string;
  /** The folder and every folder below it. */
  folderIds: string[];
  deleted: number;
  /** Each subtree folder's ancestry (itself first), for the deletion records of it and its events. */
  ancestries: Record<string, string[]>;
  events: { mode: 'merge'; parentId: string | null; modified: number; modifiedBy: string } | { mode: 'delete' };
  /** The events change; the store fills `ids` with the events it moved or deleted (none: no change). */
  eventsChange: Omit<ChangeRecord, 'ids'>;
  foldersChange: ChangeRecord;
}

export interface UsersStore {
  /** `item-already-exists` when the username is taken. */
  create(user: User): Promise<void>;
  get(username: string): Promise<User | null>;
  /**
   * Merges `changes` into the account's messaging settings in one write (no change record: they are
   * not items) and returns what is stored after it; null when the user is gone.
   */
  updateRealtimeSettings(username: string, changes: Partial<RealtimeSettings>): Promise<Partial<RealtimeSettings> | null>;
}

export interface AccessesStore {
  get(account: string, id: string): Promise<Access | null>;
  /** Accesses of these types (created by `createdBy` when given), sorted by name then id. */
  list(account: string, query: { types: AccessType[]; createdBy?: string }): Promise<Access[]>;
  create(account: string, access: Access, change: ChangeRecord): Promise<StoredChange>;
  /** Stores `next` in place of `previous`, writing only what changed; null when it is gone. */
  replace(account: string, previous: Access, next: Access, change: ChangeRecord): Promise<Written<Access> | null>;
  /** Bookkeeping, no change: when the access was last used. */
  recordUse(account: string, id: string, time: number): Promise<void>;
  /** Removes it and leaves a deletion record naming its creator; null when it was already gone. */
  remove(account: string, access: Access, deleted: number, change: ChangeRecord): Promise<StoredChange | null>;
}

export interface ChannelsStore {
  get(account: string, id: string): Promise<Channel | null>;
  /** Sorted by name; only `ids` when given. */
  list(account: string, state: ItemState, ids?: readonly string[]): Promise<Channel[]>;
  /** `item-already-exists` naming `id` or `name`. */
  create(account: string, channel: Channel, change: ChangeRecord): Promise<StoredChange>;
  replace(account: string, previous: Channel, next: Channel, change: ChangeRecord): Promise<Written<Channel> | null>;
  /** The final delete: the channel, its folders and events go, and a deletion record stays. */
  remove(account: string, id: string, deleted: number, change: ChangeRecord): Promise<StoredChange | null>;
}

export interface FoldersStore {
  /** Every folder of a channel, trashed and hidden ones included, sorted by name. */
  inChannel(account: string, channelId: string): Promise<Folder[]>;
  /** `item-already-exists` naming `id`, or `name` among its siblings. */
  create(account: string, folder: Folder, change: ChangeRecord): Promise<StoredChange>;
  /** A change of parent is refused with `invalid-operation` when the new parent is the folder or below it, as stored when the write runs. */
  replace(account: string, previous: Folder, next: Folder, change: ChangeRecord): Promise<Written<Folder> | null>;
  /** Removes a subtree in bulk; the events moved or deleted, and the changes recorded. */
  removeSubtree(account: string, removal: SubtreeRemoval): Promise<{ eventIds: string[]; changes: StoredChange[] }>;
}

export interface EventsStore {
  get(account: string, channelId: string, id: string): Promise<Event | null>;
  page(account: string, query: EventsPageQuery): Promise<Event[]>;
  /** The latest non-trashed running period in these places (started at or before `startedBy` when given). */
  latestRunning(account: string, query: { channelId: string; places: EventPlaces; startedBy?: number }): Promise<Event | null>;
  /** Non-trashed periods (running ones included) overlapping the query's; touching ones do not overlap. */
  overlapping(account: string, query: OverlapQuery): Promise<Event[]>;
  /** How many events (any state) are in these folders. */
  countInFolders(account: string, channelId: string, folderIds: string[]): Promise<number>;
  /** `item-already-exists` naming `id`; `periods-overlap` under `noOverlap`. */
  create(account: string, event: Event, change: ChangeRecord, options?: { noOverlap?: NoOverlap }): Promise<StoredChange>;
  /**
   * Stops `stop.previous` (only if it is still running) and creates `event` as one write, checked as
   * create is under `noOverlap`; `stopped` is null when the period was no longer running.
   */
  start(account: string, event: Event, change: ChangeRecord, stop: StopRunning, noOverlap: NoOverlap): Promise<{ change: StoredChange; stopped: Written<Event> | null }>;
  /** `periods-overlap` under `noOverlap` (the event itself never counts). */
  replace(account: string, previous: Event, next: Event, change: ChangeRecord, options?: { noOverlap?: NoOverlap }): Promise<Written<Event> | null>;
  /** The final delete, leaving a deletion record with where the event was; null when already gone. */
  remove(account: string, event: Event, deleted: number, folderIds: string[], change: ChangeRecord): Promise<StoredChange | null>;
}

export interface ValuesStore {
  /** The channel's values sorted by key; only those of `keys` when given. */
  list(account: string, channelId: string, keys?: readonly string[]): Promise<ValueItem[]>;
  /** Creates the value of `item.key` or replaces it as a whole. */
  set(account: string, channelId: string, item: ValueItem, change: ChangeRecord): Promise<StoredChange>;
  /** Removes the value of `key`; null (and no change) when there was none. */
  remove(account: string, channelId: string, key: string, change: ChangeRecord): Promise<StoredChange | null>;
}

export interface DeletionsStore {
  /** Deletions of `kind` strictly after `since`, newest first (only this channel's when given). */
  since(account: string, kind: ChangeKind, since: number, channelId?: string): Promise<DeletionRecord[]>;
}

export interface Store {
  readonly kind: 'sqlite' | 'mongodb';
  readonly users: UsersStore;
  readonly accesses: AccessesStore;
  readonly channels: ChannelsStore;
  readonly folders: FoldersStore;
  readonly events: EventsStore;
  readonly values: ValuesStore;
  readonly deletions: DeletionsStore;
  readonly changes: ChangesStore;
  /** Subscribes to every change stored through this store object, after its write. */
  onChange(listener: ChangeListener): void;
  /** Resolves when the database answers; StoreUnavailableError (fast, bounded) when it does not. */
  ping(): Promise<void>;
  /** What this store object has asked of its database since it opened (see RoundTripCounter). */
  roundTrips(): StoreRoundTrips;
  close(): Promise<void>;
  /** Removes everything an account owns, the user record last so that a half-done removal can be retried. */
  removeAccount(account: string): Promise<void>;
}

/** Raised when the database cannot be reached; dispatch reports it as `api-unavailable`. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`store unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'StoreUnavailableError';
  }
}
