/**
 * Generated from schemas/ by scripts/generate-types.ts: do not edit, run `npm run generate:types`.
 * The params and result of every method (`MethodTypes`), and the item types they share.
 */

export type AccessType = 'personal' | 'app' | 'shared';
export type Level = 'read' | 'contribute' | 'manage';
/**
 * @maxItems 1000
 */
export type CallBatchParams = {
  method: string;
  /**
   * checked against the called method's own schema
   */
  params?: {
    [k: string]: unknown;
  };
}[];
/**
 * the first delete moves the channel to the trash and returns it; the second removes it and returns its deletion record
 */
export type ChannelsDeleteResult =
  | {
      channel: Channel;
      meta?: Meta;
    }
  | {
      channelDeletion: Deletion;
      meta?: Meta;
    };
/**
 * any JSON value: the request size limit (MAX_BODY_BYTES) is its real bound
 */
export type EventContent = unknown;
/**
 * the first delete moves the event to the trash and returns it; the second removes it and returns its deletion record
 */
export type EventsDeleteResult =
  | {
      event: Event;
      meta?: Meta;
    }
  | {
      eventDeletion: Deletion;
      meta?: Meta;
    };
/**
 * the first delete moves the folder to the trash and returns it; the second removes its subtree and says how many events were moved or deleted
 */
export type FoldersDeleteResult =
  | {
      folder: Folder;
      meta?: Meta;
    }
  | {
      folderDeletion: Deletion;
      updatedEvents: number;
      meta?: Meta;
    };
export type ItemState = 'default' | 'trashed' | 'all';
/**
 * a message to a group this connection is in, or to every messaging connection of one account
 */
export type RealtimePostParams =
  | {
      message: EventContent;
      /**
       * a group's name: any 1 to 100 characters
       */
      group: string;
    }
  | {
      message: EventContent;
      user: string;
    };

/**
 * The params and result of every method, by method name (without the channel id of channel methods).
 */
export interface MethodTypes {
  'accesses.create': {
    params: AccessesCreateParams;
    result: AccessesCreateResult;
  };
  'accesses.delete': {
    params: AccessesDeleteParams;
    result: AccessesDeleteResult;
  };
  'accesses.get': {
    params: AccessesGetParams;
    result: AccessesGetResult;
  };
  'accesses.update': {
    params: AccessesUpdateParams;
    result: AccessesUpdateResult;
  };
  'auth.login': {
    params: AuthLoginParams;
    result: AuthLoginResult;
  };
  'auth.logout': {
    params: AuthLogoutParams;
    result: AuthLogoutResult;
  };
  callBatch: {
    params: CallBatchParams;
    result: CallBatchResult;
  };
  'changes.get': {
    params: ChangesGetParams;
    result: ChangesGetResult;
  };
  'channels.create': {
    params: ChannelsCreateParams;
    result: ChannelsCreateResult;
  };
  'channels.delete': {
    params: ChannelsDeleteParams;
    result: ChannelsDeleteResult;
  };
  'channels.get': {
    params: ChannelsGetParams;
    result: ChannelsGetResult;
  };
  'channels.update': {
    params: ChannelsUpdateParams;
    result: ChannelsUpdateResult;
  };
  'events.create': {
    params: EventsCreateParams;
    result: EventsCreateResult;
  };
  'events.delete': {
    params: EventsDeleteParams;
    result: EventsDeleteResult;
  };
  'events.get': {
    params: EventsGetParams;
    result: EventsGetResult;
  };
  'events.getOne': {
    params: EventsGetOneParams;
    result: EventsGetOneResult;
  };
  'events.getRunning': {
    params: EventsGetRunningParams;
    result: EventsGetRunningResult;
  };
  'events.start': {
    params: EventsStartParams;
    result: EventsStartResult;
  };
  'events.stop': {
    params: EventsStopParams;
    result: EventsStopResult;
  };
  'events.update': {
    params: EventsUpdateParams;
    result: EventsUpdateResult;
  };
  'folders.create': {
    params: FoldersCreateParams;
    result: FoldersCreateResult;
  };
  'folders.delete': {
    params: FoldersDeleteParams;
    result: FoldersDeleteResult;
  };
  'folders.get': {
    params: FoldersGetParams;
    result: FoldersGetResult;
  };
  'folders.update': {
    params: FoldersUpdateParams;
    result: FoldersUpdateResult;
  };
  getAccessInfo: {
    params: GetAccessInfoParams;
    result: GetAccessInfoResult;
  };
  'realtime.getSettings': {
    params: RealtimeGetSettingsParams;
    result: RealtimeGetSettingsResult;
  };
  'realtime.groups': {
    params: RealtimeGroupsParams;
    result: RealtimeGroupsResult;
  };
  'realtime.join': {
    params: RealtimeJoinParams;
    result: RealtimeJoinResult;
  };
  'realtime.leave': {
    params: RealtimeLeaveParams;
    result: RealtimeLeaveResult;
  };
  'realtime.members': {
    params: RealtimeMembersParams;
    result: RealtimeMembersResult;
  };
  'realtime.post': {
    params: RealtimePostParams;
    result: RealtimePostResult;
  };
  'realtime.updateSettings': {
    params: RealtimeUpdateSettingsParams;
    result: RealtimeUpdateSettingsResult;
  };
  'users.create': {
    params: UsersCreateParams;
    result: UsersCreateResult;
  };
  'users.delete': {
    params: UsersDeleteParams;
    result: UsersDeleteResult;
  };
  'values.delete': {
    params: ValuesDeleteParams;
    result: ValuesDeleteResult;
  };
  'values.get': {
    params: ValuesGetParams;
    result: ValuesGetResult;
  };
  'values.set': {
    params: ValuesSetParams;
    result: ValuesSetResult;
  };
}
export interface AccessesCreateParams {
  name: string;
  type?: AccessType;
  deviceName?: string;
  /**
   * @maxItems 100
   */
  permissions: Permission[];
  expires?: number;
  clientData?: ClientData;
}
/**
 * channelId is a channel id or '*'; folderId narrows it to one folder subtree (never with '*', checked by the server)
 */
export interface Permission {
  channelId: string;
  folderId?: string;
  level: Level;
}
export interface ClientData {
  [k: string]: unknown;
}
export interface AccessesCreateResult {
  access: Access;
  meta?: Meta;
}
export interface Access {
  id: string;
  token: string;
  type: AccessType;
  name: string;
  deviceName?: string;
  /**
   * @maxItems 100
   */
  permissions: Permission[];
  expires?: number;
  lastUsed?: number;
  clientData?: ClientData;
  created: number;
  /**
   * id of the access that created it
   */
  createdBy: string;
  modified: number;
  /**
   * id of the access that last changed it
   */
  modifiedBy: string;
}
/**
 * added to every HTTP body and socket acknowledgement (not to the results inside a batch)
 */
export interface Meta {
  apiVersion: string;
  serverTime: number;
}
export interface AccessesDeleteParams {
  id: string;
}
export interface AccessesDeleteResult {
  accessDeletion: Deletion;
  meta?: Meta;
}
/**
 * what is left of an item after its final delete, for clients that sync
 */
export interface Deletion {
  id: string;
  deleted: number;
}
export interface AccessesGetParams {
  includeDeletionsSince?: number;
}
export interface AccessesGetResult {
  accesses: Access[];
  accessDeletions?: Deletion[];
  meta?: Meta;
}
export interface AccessesUpdateParams {
  id: string;
  update: {
    name?: string;
    /**
     * null removes it
     */
    deviceName?: string | null;
    /**
     * @maxItems 100
     */
    permissions?: Permission[];
    expires?: number;
    clientData?: ClientData;
  };
}
export interface AccessesUpdateResult {
  access: Access;
  meta?: Meta;
}
export interface AuthLoginParams {
  username: string;
  password: string;
  appId: string;
}
export interface AuthLoginResult {
  token: string;
  user: User;
  meta?: Meta;
}
export interface User {
  username: string;
}
export interface AuthLogoutParams {}
export interface AuthLogoutResult {
  meta?: Meta;
}
export interface CallBatchResult {
  /**
   * one per call, in order: the called method's result (without meta) or {error}
   */
  results: (
    | BatchError
    | AccessesCreateResult
    | AccessesDeleteResult
    | AccessesGetResult
    | AccessesUpdateResult
    | AuthLoginResult
    | AuthLogoutResult
    | ChangesGetResult
    | ChannelsCreateResult
    | ChannelsDeleteResult
    | ChannelsGetResult
    | ChannelsUpdateResult
    | EventsCreateResult
    | EventsDeleteResult
    | EventsGetResult
    | EventsGetOneResult
    | EventsGetRunningResult
    | EventsStartResult
    | EventsStopResult
    | EventsUpdateResult
    | FoldersCreateResult
    | FoldersDeleteResult
    | FoldersGetResult
    | FoldersUpdateResult
    | GetAccessInfoResult
    | RealtimeGetSettingsResult
    | RealtimeGroupsResult
    | RealtimeJoinResult
    | RealtimeLeaveResult
    | RealtimeMembersResult
    | RealtimePostResult
    | RealtimeUpdateSettingsResult
    | ValuesDeleteResult
    | ValuesGetResult
    | ValuesSetResult
  )[];
  meta?: Meta;
}
/**
 * a failed call inside callBatch results
 */
export interface BatchError {
  error: ErrorBody;
}
export interface ErrorBody {
  /**
   * stable id from the catalogue of src/errors.ts
   */
  id:
    | 'invalid-request-structure'
    | 'invalid-parameters-format'
    | 'invalid-item-id'
    | 'invalid-operation'
    | 'periods-overlap'
    | 'unknown-referenced-resource'
    | 'invalid-access-token'
    | 'invalid-credentials'
    | 'forbidden'
    | 'unknown-resource'
    | 'invalid-method'
    | 'item-already-exists'
    | 'changes-expired'
    | 'too-many-results'
    | 'request-too-large'
    | 'too-many-requests'
    | 'unexpected-error'
    | 'api-unavailable';
  /**
   * for humans; may change
   */
  message: string;
  /**
   * facts about the failure, e.g. {path, message} problems for invalid-parameters-format
   */
  data?: unknown;
}
export interface ChangesGetResult {
  changes: Change[];
  /**
   * the account's latest seq, whatever the page
   */
  lastSeq: number;
  meta?: Meta;
}
export interface Change {
  seq: number;
  kind: 'channels' | 'folders' | 'events' | 'accesses' | 'values';
  action: 'created' | 'updated' | 'trashed' | 'deleted';
  channelId?: string;
  /**
   * the items changed; absent from a bulk change (a folder subtree) the caller reads only part of
   *
   * @minItems 1
   *
   * Items: item ids, or value keys (kind values)
   */
  ids?: string[];
  time: number;
}
export interface ChannelsCreateResult {
  channel: Channel;
  meta?: Meta;
}
export interface Channel {
  id: string;
  name: string;
  enforceNoEventsOverlap: boolean;
  clientData?: ClientData;
  /**
   * present (true) only while the item is in the trash
   */
  trashed?: true;
  created: number;
  /**
   * id of the access that created it
   */
  createdBy: string;
  modified: number;
  /**
   * id of the access that last changed it
   */
  modifiedBy: string;
}
export interface ChannelsGetResult {
  channels: Channel[];
  channelDeletions?: Deletion[];
  meta?: Meta;
}
export interface ChannelsUpdateResult {
  channel: Channel;
  meta?: Meta;
}
export interface EventsCreateResult {
  event: Event;
  /**
   * the running period this call stopped (no-overlap channels)
   */
  stoppedId?: string;
  meta?: Meta;
}
export interface Event {
  id: string;
  channelId: string;
  /**
   * a folder id, or null for no folder
   */
  folderId: string | null;
  time: number;
  /**
   * absent for a mark event, a number for a period, null for a running period
   */
  duration?: number | null;
  type: string;
  content?: EventContent;
  /**
   * @maxItems 200
   */
  tags: string[];
  description?: string;
  clientData?: ClientData;
  /**
   * present (true) only while the item is in the trash
   */
  trashed?: true;
  created: number;
  /**
   * id of the access that created it
   */
  createdBy: string;
  modified: number;
  /**
   * id of the access that last changed it
   */
  modifiedBy: string;
}
export interface EventsGetResult {
  events: Event[];
  eventDeletions?: Deletion[];
  meta?: Meta;
}
export interface EventsGetOneResult {
  event: Event;
  meta?: Meta;
}
export interface EventsGetRunningResult {
  events: Event[];
  meta?: Meta;
}
export interface EventsStartResult {
  event: Event;
  /**
   * the running period this call stopped (no-overlap channels)
   */
  stoppedId?: string;
  meta?: Meta;
}
export interface EventsStopResult {
  stoppedId: string;
  meta?: Meta;
}
export interface EventsUpdateResult {
  event: Event;
  meta?: Meta;
}
export interface FoldersCreateResult {
  folder: Folder;
  meta?: Meta;
}
export interface Folder {
  id: string;
  channelId: string;
  name: string;
  /**
   * null for a folder at the root of its channel
   */
  parentId: string | null;
  /**
   * present (true) only for a hidden folder
   */
  hidden?: true;
  clientData?: ClientData;
  /**
   * present (true) only while the item is in the trash
   */
  trashed?: true;
  created: number;
  /**
   * id of the access that created it
   */
  createdBy: string;
  modified: number;
  /**
   * id of the access that last changed it
   */
  modifiedBy: string;
}
export interface FoldersGetResult {
  folders: FolderNode[];
  folderDeletions?: Deletion[];
  meta?: Meta;
}
export interface FolderNode {
  id: string;
  channelId: string;
  name: string;
  /**
   * null for a folder at the root of its channel
   */
  parentId: string | null;
  /**
   * present (true) only for a hidden folder
   */
  hidden?: true;
  clientData?: ClientData;
  /**
   * present (true) only while the item is in the trash
   */
  trashed?: true;
  created: number;
  /**
   * id of the access that created it
   */
  createdBy: string;
  modified: number;
  /**
   * id of the access that last changed it
   */
  modifiedBy: string;
  children: FolderNode[];
}
export interface FoldersUpdateResult {
  folder: Folder;
  meta?: Meta;
}
export interface GetAccessInfoResult {
  access: {
    id: string;
    name: string;
    type: AccessType;
    /**
     * @maxItems 100
     */
    permissions: Permission[];
    expires?: number;
  };
  user: User;
  meta?: Meta;
}
export interface RealtimeGetSettingsResult {
  settings: RealtimeSettings;
  meta?: Meta;
}
/**
 * the account's messaging settings
 */
export interface RealtimeSettings {
  /**
   * false refuses private messages from other accounts (forbidden)
   */
  acceptPrivateMessages: boolean;
}
export interface RealtimeGroupsResult {
  groups: {
    /**
     * a group's name: any 1 to 100 characters
     */
    group: string;
    members: RealtimeMember[];
  }[];
  meta?: Meta;
}
/**
 * one connection in a group: its account and its Socket.IO id
 */
export interface RealtimeMember {
  user: string;
  cid: string;
}
export interface RealtimeJoinResult {
  meta?: Meta;
}
export interface RealtimeLeaveResult {
  meta?: Meta;
}
export interface RealtimeMembersResult {
  members: RealtimeMember[];
  meta?: Meta;
}
export interface RealtimePostResult {
  meta?: Meta;
}
export interface RealtimeUpdateSettingsResult {
  settings: RealtimeSettings;
  meta?: Meta;
}
export interface ValuesDeleteResult {
  /**
   * 1 to 200 characters of any Unicode; it round-trips exactly (URL-encoded in HTTP paths)
   */
  key: string;
  meta?: Meta;
}
export interface ValuesGetResult {
  /**
   * sorted by key
   */
  values: ValueItem[];
  meta?: Meta;
}
export interface ValueItem {
  /**
   * 1 to 200 characters of any Unicode; it round-trips exactly (URL-encoded in HTTP paths)
   */
  key: string;
  value: EventContent;
  /**
   * a short name or URL of an icon for the value
   */
  icon?: string;
  /**
   * when it was last set, ISO 8601 UTC with milliseconds
   */
  lastUpdate: string;
  modified: number;
  /**
   * id of the access that last set it
   */
  modifiedBy: string;
}
export interface ValuesSetResult {
  value: ValueItem;
  meta?: Meta;
}
export interface ChangesGetParams {
  since?: number;
  limit?: number;
}
export interface ChannelsCreateParams {
  /**
   * checked by the server so a bad id is invalid-item-id
   */
  id?: string;
  name: string;
  enforceNoEventsOverlap?: boolean;
  clientData?: ClientData;
}
export interface ChannelsDeleteParams {
  id: string;
}
export interface ChannelsGetParams {
  state?: ItemState;
  includeDeletionsSince?: number;
}
export interface ChannelsUpdateParams {
  id: string;
  update: {
    name?: string;
    enforceNoEventsOverlap?: boolean;
    clientData?: ClientData;
    trashed?: boolean;
  };
}
export interface EventsCreateParams {
  /**
   * checked by the server so a bad id is invalid-item-id
   */
  id?: string;
  /**
   * a folder id, or null for no folder
   */
  folderId?: string | null;
  time?: number;
  /**
   * a number for a period, null for a running period
   */
  duration?: number | null;
  type: string;
  content?: EventContent;
  /**
   * @maxItems 200
   */
  tags?: string[];
  description?: string;
  clientData?: ClientData;
}
export interface EventsDeleteParams {
  id: string;
}
export interface EventsGetParams {
  fromTime?: number;
  toTime?: number;
  /**
   * @maxItems 1000
   *
   * Items: a folder id, or null for no folder
   */
  folders?: (string | null)[];
  /**
   * @maxItems 100
   */
  tags?: string[];
  /**
   * @maxItems 100
   *
   * Items: class/format, or class/* for every format of a class
   */
  types?: string[];
  running?: boolean;
  state?: ItemState;
  modifiedSince?: number;
  includeDeletions?: boolean;
  sortAscending?: boolean;
  skip?: number;
  limit?: number;
}
export interface EventsGetOneParams {
  id: string;
}
export interface EventsGetRunningParams {}
export interface EventsStartParams {
  /**
   * checked by the server so a bad id is invalid-item-id
   */
  id?: string;
  /**
   * a folder id, or null for no folder
   */
  folderId?: string | null;
  time?: number;
  type: string;
  content?: EventContent;
  /**
   * @maxItems 200
   */
  tags?: string[];
  description?: string;
  clientData?: ClientData;
}
export interface EventsStopParams {
  /**
   * optional in a no-overlap channel: the running period then
   */
  id?: string;
  time?: number;
}
export interface EventsUpdateParams {
  id: string;
  update: {
    /**
     * a folder id, or null for no folder
     */
    folderId?: string | null;
    time?: number;
    /**
     * a number for a period, null for a running period
     */
    duration?: number | null;
    type?: string;
    content?: EventContent;
    /**
     * @maxItems 200
     */
    tags?: string[];
    /**
     * null removes it
     */
    description?: string | null;
    clientData?: ClientData;
    trashed?: boolean;
  };
}
export interface FoldersCreateParams {
  /**
   * checked by the server so a bad id is invalid-item-id
   */
  id?: string;
  name: string;
  parentId?: string | null;
  hidden?: boolean;
  clientData?: ClientData;
}
export interface FoldersDeleteParams {
  id: string;
  mergeEventsWithParent?: boolean;
}
export interface FoldersGetParams {
  parentId?: string | null;
  includeHidden?: boolean;
  state?: ItemState;
  includeDeletionsSince?: number;
}
export interface FoldersUpdateParams {
  id: string;
  update: {
    name?: string;
    parentId?: string | null;
    hidden?: boolean;
    clientData?: ClientData;
    trashed?: boolean;
  };
}
export interface GetAccessInfoParams {}
export interface RealtimeGetSettingsParams {}
export interface RealtimeGroupsParams {}
export interface RealtimeJoinParams {
  /**
   * a group's name: any 1 to 100 characters
   */
  group: string;
}
export interface RealtimeLeaveParams {
  /**
   * a group's name: any 1 to 100 characters
   */
  group: string;
}
export interface RealtimeMembersParams {
  /**
   * a group's name: any 1 to 100 characters
   */
  group: string;
}
export interface RealtimeUpdateSettingsParams {
  acceptPrivateMessages?: boolean;
}
export interface UsersCreateParams {
  username: string;
  password: string;
  email?: string;
}
export interface UsersCreateResult {
  user: User;
  meta?: Meta;
}
export interface UsersDeleteParams {
  username: string;
}
export interface UsersDeleteResult {
  userDeletion: {
    username: string;
    deleted: number;
  };
  meta?: Meta;
}
export interface ValuesDeleteParams {
  /**
   * 1 to 200 characters of any Unicode; it round-trips exactly (URL-encoded in HTTP paths)
   */
  key: string;
}
export interface ValuesGetParams {
  /**
   * only these keys (all when absent)
   *
   * @maxItems 1000
   *
   * Items: 1 to 200 characters of any Unicode; it round-trips exactly (URL-encoded in HTTP paths)
   */
  keys?: string[];
}
export interface ValuesSetParams {
  /**
   * 1 to 200 characters of any Unicode; it round-trips exactly (URL-encoded in HTTP paths)
   */
  key: string;
  value: EventContent;
  /**
   * a short name or URL of an icon for the value
   */
  icon?: string;
}

/** The name of every method, as its definition and the schemas spell it. */
export type MethodName = keyof MethodTypes;
/** What method `N` takes. */
export type MethodParams<N extends MethodName> = MethodTypes[N]['params'];
/** What method `N` answers (without the transport's `meta`, which the result schema allows). */
export type MethodResult<N extends MethodName> = MethodTypes[N]['result'];
