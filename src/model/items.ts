/** The stored shapes of SPEC §3 as methods return them. */

export type Level = 'read' | 'contribute' | 'manage';
export type AccessType = 'personal' | 'app' | 'shared';
export type ItemState = 'default' | 'trashed' | 'all';
export type ClientData = Record<string, unknown>;

/** The tracking fields of SPEC §1 that every stored item carries. */
export interface Tracking {
  created: number;
  createdBy: string;
  modified: number;
  modifiedBy: string;
}

export interface Permission {
  channelId: string;
  folderId?: string;
  level: Level;
}

export interface Channel extends Tracking {
  id: string;
  name: string;
  enforceNoEventsOverlap: boolean;
  clientData?: ClientData;
  trashed?: boolean;
}

export interface Folder extends Tracking {
  id: string;
  channelId: string;
  name: string;
  /** null for a folder at the root of its channel. */
  parentId: string | null;
  hidden?: boolean;
  clientData?: ClientData;
  trashed?: boolean;
}

/** A folder as folders.get returns it: with its visible sub-folders. */
export interface FolderNode extends Folder {
  children: FolderNode[];
}

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

export interface User {
  username: string;
  email?: string;
  passwordHash: string;
  created: number;
}

/** What is left of an item after its final delete, for clients that sync. */
export interface Deletion {
  id: string;
  deleted: number;
}

export type ChangeKind = 'channels' | 'folders' | 'events' | 'accesses';
export type ChangeAction = 'created' | 'updated' | 'trashed' | 'deleted';

export interface Change {
  seq: number;
  kind: ChangeKind;
  action: ChangeAction;
  channelId?: string;
  ids: string[];
  time: number;
}

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
