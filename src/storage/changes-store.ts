/** The change log's half of the store port: reading the log back, filtered by what an access may read. */
import type { StoredChange } from './store';

/** What an access may read of the change log, so changes.get filters inside the query. */
export interface ChangeVisibility {
  /** Changes of accesses: all of them, those of accesses created by one access, or none. */
  accesses: 'all' | { createdBy: string } | 'none';
  /** Channels of which every change is readable; `'*'` for every channel. */
  channels: '*' | string[];
  /** Channels seen through some folders: their channel changes, and folder and event changes touching these folders. */
  partial: { channelId: string; folderIds: string[] }[];
}

/** A page of the change log, with the ends of the log read with it (never after it). */
export interface ChangesPage {
  /** Up to `limit` readable changes after `since`, ascending. */
  changes: StoredChange[];
  /** The account's latest seq (0 before its first change). */
  latestSeq: number;
  /** Set when changes right after `since` are no longer kept: the oldest kept. */
  expired: { oldestSeq: number } | null;
}

/** A page as JSON text: an array of public changes (ids, no scope), read with the ends of the log. */
export interface ChangesPageJson extends Omit<ChangesPage, 'changes'> {
  json: string;
}

export interface ChangesStore {
  /** Up to `limit` changes with seq > `since` that `visibility` may read, ascending. */
  since(account: string, since: number, limit: number, visibility: ChangeVisibility): Promise<StoredChange[]>;
  /** The account's latest seq, 0 before its first change. */
  latestSeq(account: string): Promise<number>;
  /** What changes.get answers from: `since`'s page and the ends of the log, in as few reads as the backend allows (SQLite: one read transaction). */
  page(account: string, since: number, limit: number, visibility: ChangeVisibility): Promise<ChangesPage>;
  /** The same page as callers see it, as JSON text, for a visibility without partial channels; only where changes are stored as text. */
  pageJson?(account: string, since: number, limit: number, visibility: ChangeVisibility): Promise<ChangesPageJson>;
  /**
   * Drops the oldest changes: those more than `maxCount` behind `latest`, and the run of changes older
   * than `minTime` that starts the log (never one after a newer change: the log keeps no holes); the latest always stays.
   */
  trim(account: string, latest: number, maxCount: number, minTime: number): Promise<number>;
}
