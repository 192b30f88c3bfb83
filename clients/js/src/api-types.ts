/**
 * The Logbook API as types: items, params and results of every method, notifications. Items, params
 * and results come from ./generated/method-types.ts, generated from the server's schemas by
 * `npm run generate:types`; this file only groups them for callers.
 */
import type { MethodTypes } from './generated/method-types';

export type {
  Access,
  AccessType,
  Change,
  Channel,
  ClientData,
  Deletion,
  Event,
  EventContent,
  Folder,
  FolderNode,
  ItemState,
  Level,
  Meta,
  MethodName,
  MethodParams,
  MethodResult,
  MethodTypes,
  Permission,
  User,
} from './generated/method-types';

/** What kind of item a change touched. */
export type ChangeKind = MethodTypes['changes.get']['result']['changes'][number]['kind'];
/** What a change did to its items. */
export type ChangeAction = MethodTypes['changes.get']['result']['changes'][number]['action'];

/** Methods called by their name alone (`channels.get`); users.* are administration, outside accounts. */
export type AccountMethods = Pick<
  MethodTypes,
  | 'getAccessInfo'
  | 'callBatch'
  | 'auth.login'
  | 'auth.logout'
  | 'changes.get'
  | 'channels.get'
  | 'channels.create'
  | 'channels.update'
  | 'channels.delete'
  | 'accesses.get'
  | 'accesses.create'
  | 'accesses.update'
  | 'accesses.delete'
>;

/** Methods of one channel, called as `<channelId>.<name>` (`work.events.get`). */
export type ChannelMethods = Pick<
  MethodTypes,
  | 'folders.get'
  | 'folders.create'
  | 'folders.update'
  | 'folders.delete'
  | 'events.get'
  | 'events.getOne'
  | 'events.getRunning'
  | 'events.create'
  | 'events.start'
  | 'events.update'
  | 'events.delete'
  | 'events.stop'
>;

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
/** The result of a method id, as its result schema describes it. */
export type ResultOf<M extends MethodId> = MethodOf<M>['result'];

/** One call of a callBatch. */
export type BatchCall = MethodTypes['callBatch']['params'][number];

/** One answer of a callBatch: the method's result, or its error. */
export type BatchResult = MethodTypes['callBatch']['result']['results'][number];

/** The error body of every failure: a stable id (the server's catalogue, or a client's own), a message for humans, facts in data. */
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
  valuesChanged: { channelId: string; seq: number };
  /** A channel's current value was set: the item, with its change's seq. */
  setData: { key: string; lastUpdate: string; icon: string | null; value: unknown; channelId: string; seq: number };
  /** A channel's current value was deleted. */
  removeData: { key: string; channelId: string; seq: number };
  /** A message between users (never stored, no seq): see `realtime.*` methods. */
  realtime: RealtimeMessage;
}

/** One connection in a realtime group. */
export interface RealtimeMember {
  user: string;
  cid: string;
}

/** What the `realtime` event carries; `sender_cid` is null for a post over HTTP. */
export type RealtimeMessage =
  | { type: 'message'; group: string; message: unknown; sender: string; sender_cid: string | null }
  | { type: 'private'; message: unknown; sender: string; sender_cid: string | null }
  | { type: 'notice'; group: string; message: RealtimeMember & { event: 'join' | 'leave' }; sender: string; sender_cid: string }
  | { type: 'success'; message: RealtimeMember; sender: null; sender_cid: null };

/** The name of a notification. */
export type NotificationName = keyof Notifications;
