/** The stored shapes of SPEC §3 as methods return them. */

import type * as Api from '../generated/method-types';

// The items methods return are the types generated from schemas/types (DESIGN convention 5): one
// shape, written once, in the schema that validates every response.
export type Level = Api.Level;
export type AccessType = Api.AccessType;
export type ItemState = Api.ItemState;
export type ClientData = Api.ClientData;
export type Permission = Api.Permission;
export type Channel = Api.Channel;
export type Folder = Api.Folder;
/** A folder as folders.get returns it: with its visible sub-folders. */
export type FolderNode = Api.FolderNode;
/** `duration` absent: a mark; a number: a period; null: a period still running. */
export type Event = Api.Event;
export type Access = Api.Access;
/** A channel's current value of one key (PxServ-style), replaced as a whole by each set. */
export type ValueItem = Api.ValueItem;

export interface User {
  username: string;
  email?: string;
  passwordHash: string;
  created: number;
  /** Set once the account changes them; defaults apply until then. */
  realtime?: RealtimeSettings;
}

/** An account's messaging settings (realtime.getSettings / updateSettings). */
export type RealtimeSettings = Api.RealtimeSettings;

/** What is left of an item after its final delete, for clients that sync. */
export type Deletion = Api.Deletion;

export type Change = Api.Change;
export type ChangeKind = Change['kind'];
export type ChangeAction = Change['action'];

/**
 * Who may hear of a change, stored with it (never returned): the folders it touched with their
 * ancestors (for folder-level permissions), or the creators of the accesses it touched.
 */
export interface ChangeScope {
  folderIds?: string[];
  accessCreators?: string[];
  /**
   * Set on a bulk change (a folder subtree's final delete): the folders whose readers may read every
   * id it names (the subtree's root and its ancestors). Readers of other folders it touched hear of
   * it without `ids`.
   */
  wholeFor?: string[];
}
