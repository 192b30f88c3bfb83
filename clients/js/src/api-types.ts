/**
 * The Logbook API as types: items, params and results of every method, notifications. Written from
 * ../../schemas and src/methods; the one file to replace when these are generated from the schemas.
 */

/** What a permission allows, each level including the ones before it. */
export type Level = 'read' | 'contribute' | 'manage';
/** Personal (from auth.login), app, or shared access. */
export type AccessType = 'personal' | 'app' | 'shared';
/** Which items a get lists: not trashed, trashed, or both. */
export type ItemState = 'default' | 'trashed' | 'all';
/** Free-form data an app keeps on an item. */
export type ClientData = Record<string, unknown>;

/** The tracking fields every stored item carries (seconds since the epoch, access ids). */
export interface Tracking {
  created: number;
  createdBy: string;
  modified: number;
  modifiedBy: string;
}

/** One permission of an access: a channel (or '*'), optionally one folder subtree, and a level. */
export interface Permission {
  channelId: string;
  folderId?: string;
  level: Level;
}

/** The top of an account's data. */
export interface Channel extends Tracking {
  id: string;
  name: string;
  enforceNoEventsOverlap: boolean;
  clientData?: ClientData;
  trashed?: boolean;
}

/** A folder of a channel's tree. */
export interface Folder extends Tracking {
  id: string;
  channelId: string;
  name: string;
  parentId: string | null;
  hidden?: boolean;
  clientData?: ClientData;
  trashed?: boolean;
}

/** A folder as folders.get returns it, with its visible sub-folders. */
export interface FolderNode extends Folder {
  children: FolderNode[];
}

/** A timestamped event: a mark, a period or a running period. */
export interface Event extends Tracking {
  id: string;
  channelId: string;
  folderId: string | null;
  time: number;
  /** Absent: a mark; a number: a period; null: a period still running. */
  duration?: number | null;
  type: string;
  content?: unknown;
  tags: string[];
  description?: string;
  clientData?: ClientData;
  trashed?: boolean;
}

/** A token with its permissions. */
export interface Access extends Tracking {
  id: string;
  token: string;
  type: AccessType;
  name: string;
  deviceName?: string;
  permissions: Permission[];
  expires?: number;
  lastUsed?: number;
  clientData?: ClientData;
}

/** What is left of an item after its final delete. */
export interface Deletion {
  id: string;
  deleted: number;
}

/** What kind of item a change touched. */
export type ChangeKind = 'channels' | 'folders' | 'events' | 'accesses';
/** What a change did to its items. */
export type ChangeAction = 'created' | 'updated' | 'trashed' | 'deleted';

/** One entry of an account's change log. */
export interface Change {
  seq: number;
  kind: ChangeKind;
  action: ChangeAction;
  channelId?: string;
  ids: string[];
  time: number;
}

type Empty = Record<string, never>;

interface EventFields {
  folderId?: string | null;
  time?: number;
  duration?: number | null;
  type: string;
  content?: unknown;
  tags?: string[];
  description?: string;
  clientData?: ClientData;
}

/** One method: what it takes and what it answers. */
interface Method<P, R> {
  params: P;
  result: R;
}

/** Methods called by their name alone (`channels.get`). */
export interface AccountMethods {
  getAccessInfo: Method<Empty, { access: Pick<Access, 'id' | 'name' | 'type' | 'permissions' | 'expires'>; user: { username: string } }>;
  callBatch: Method<BatchCall[], { results: BatchResult[] }>;
  'auth.login': Method<{ username: string; password: string; appId: string }, { token: string; user: { username: string } }>;
  'auth.logout': Method<Empty, Empty>;
  'changes.get': Method<{ since?: number; limit?: number }, { changes: Change[]; lastSeq: number }>;
  'channels.get': Method<{ state?: ItemState; includeDeletionsSince?: number }, { channels: Channel[]; channelDeletions?: Deletion[] }>;
  'channels.create': Method<{ id?: string; name: string; enforceNoEventsOverlap?: boolean; clientData?: ClientData }, { channel: Channel }>;
  'channels.update': Method<
    { id: string; update: { name?: string; enforceNoEventsOverlap?: boolean; clientData?: ClientData; trashed?: boolean } },
    { channel: Channel }
  >;
  'channels.delete': Method<{ id: string }, { channel: Channel } | { channelDeletion: Deletion }>;
  'accesses.get': Method<{ includeDeletionsSince?: number }, { accesses: Access[]; accessDeletions?: Deletion[] }>;
  'accesses.create': Method<
    { name: string; type?: AccessType; deviceName?: string; permissions: Permission[]; expires?: number; clientData?: ClientData },
    { access: Access }
  >;
  'accesses.update': Method<
    { id: string; update: { name?: string; deviceName?: string | null; permissions?: Permission[]; expires?: number; clientData?: ClientData } },
    { access: Access }
  >;
  'accesses.delete': Method<{ id: string }, { accessDeletion: Deletion }>;
}

/** Methods of one channel, called as `<channelId>.<name>` (`work.events.get`). */
export interface ChannelMethods {
  'folders.get': Method<
    { parentId?: string | null; includeHidden?: boolean; state?: ItemState; includeDeletionsSince?: number },
    { folders: FolderNode[]; folderDeletions?: Deletion[] }
  >;
  'folders.create': Method<{ id?: string; name: string; parentId?: string | null; hidden?: boolean; clientData?: ClientData }, { folder: Folder }>;
  'folders.update': Method<
    { id: string; update: { name?: string; parentId?: string | null; hidden?: boolean; clientData?: ClientData; trashed?: boolean } },
    { folder: Folder }
  >;
  'folders.delete': Method<{ id: string; mergeEventsWithParent?: boolean }, { folder: Folder } | { folderDeletion: Deletion; updatedEvents: number }>;
  'events.get': Method<
    {
      fromTime?: number;
      toTime?: number;
      folders?: (string | null)[];
      tags?: string[];
      types?: string[];
      running?: boolean;
      state?: ItemState;
      modifiedSince?: number;
      includeDeletions?: boolean;
      sortAscending?: boolean;
      skip?: number;
      limit?: number;
    },
    { events: Event[]; eventDeletions?: Deletion[] }
  >;
  'events.getOne': Method<{ id: string }, { event: Event }>;
  'events.getRunning': Method<Empty, { events: Event[] }>;
  'events.create': Method<EventFields & { id?: string }, { event: Event; stoppedId?: string }>;
  'events.start': Method<Omit<EventFields, 'duration'> & { id?: string }, { event: Event; stoppedId?: string }>;
  'events.update': Method<
    { id: string; update: Partial<Omit<EventFields, 'description'>> & { description?: string | null; trashed?: boolean } },
    { event: Event }
  >;
  'events.delete': Method<{ id: string }, { event: Event } | { eventDeletion: Deletion }>;
  'events.stop': Method<{ id?: string; time?: number }, { stoppedId: string }>;
}

/** Every method id a client may call: account methods, and channel methods behind a channel id. */
export type MethodId = keyof AccountMethods | `${string}.${keyof ChannelMethods}`;

/** The method a method id names (`work.events.get` → `ChannelMethods['events.get']`). */
export type MethodOf<M extends MethodId> = M extends keyof AccountMethods
  ? AccountMethods[M]
  : M extends `${string}.${infer Name}`
    ? Name extends keyof ChannelMethods
      ? ChannelMethods[Name]
      : never
    : never;

/** The params of a method id. */
export type ParamsOf<M extends MethodId> = MethodOf<M>['params'];
/** The result of a method id (without the transport's `meta`). */
export type ResultOf<M extends MethodId> = MethodOf<M>['result'];

/** One call of a callBatch. */
export interface BatchCall {
  method: string;
  params?: Record<string, unknown>;
}

/** One answer of a callBatch: the method's result, or its error. */
export type BatchResult = Record<string, unknown> | { error: ErrorBody };

/** The error body of every failure: a stable id, a message for humans, facts in data. */
export interface ErrorBody {
  id: string;
  message: string;
  data?: unknown;
}

/** The notifications a socket receives: the seq of the change that caused them. */
export interface Notifications {
  channelsChanged: { seq: number };
  foldersChanged: { channelId: string; seq: number };
  eventsChanged: { channelId: string; seq: number };
  accessesChanged: { seq: number };
}

/** The name of a notification. */
export type NotificationName = keyof Notifications;
