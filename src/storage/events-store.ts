/**
 * Events of a channel. Two stored-only fields make the hot queries index-friendly on both backends:
 * `endTime` (time + duration; RUNNING_END while running) turns "periods overlapping a range" and
 * "running" into plain range tests, and `typeClass` turns `class/*` into an equality.
 */
import type { Event } from '../model/items';
import { AccountCollection, accountIndex, channelItemKey } from './account-collection';
import { Database } from './database';

/** The end of a running period: later than any real time, and storable by every backend (unlike Infinity). */
export const RUNNING_END = 1e15;

export class EventsStore extends AccountCollection<Event> {
  static async open(db: Database): Promise<EventsStore> {
    const indexes = [
      // events.get: events starting inside a range (time bounded on both sides), and the time sort of every page.
      accountIndex('account_channel_time', ['channelId', 'time']),
      accountIndex('account_channel_modified', ['channelId', 'modified']),
      accountIndex('account_channel_folder_time', ['channelId', 'folderId', 'time']),
      // Running periods (endTime = RUNNING_END, newest first) and periods started before a range that
      // reach into it (endTime >= from, time < from): time in the key answers both without fetching.
      accountIndex('account_channel_end_time', ['channelId', 'endTime', 'time']),
    ];
    return new EventsStore(await db.collection('events', indexes), {
      freeForm: ['content', 'clientData'],
      keyOf: (e) => channelItemKey(e.channelId, e.id),
      derived: { fields: ['endTime', 'typeClass'], compute: (event) => ({ endTime: endTimeOf(event), typeClass: event.type.split('/')[0] }) },
    });
  }

  removeChannel(account: string, channelId: string): Promise<number> {
    return this.removeMany(account, { channelId });
  }
}

/** When an event ends: its time for a mark, time + duration for a period, RUNNING_END while running. */
export function endTimeOf(event: Pick<Event, 'time' | 'duration'>): number {
  if (event.duration === undefined) return event.time;
  if (event.duration === null) return RUNNING_END;
  return event.time + event.duration;
}
