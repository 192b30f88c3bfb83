/** Domain items for storage tests, with every required field filled and overrides on top. */
import type { Access, Channel, Event, Folder } from '../../src/model/items';
import type { ChangeRecord } from '../../src/storage/store';

export const tracking = { created: 1000, createdBy: 'creator', modified: 1000, modifiedBy: 'creator' };

export function channelOf(id: string, overrides: Partial<Channel> = {}): Channel {
  return { id, name: `Channel ${id}`, enforceNoEventsOverlap: false, ...tracking, ...overrides };
}

export function folderOf(channelId: string, id: string, parentId: string | null = null, overrides: Partial<Folder> = {}): Folder {
  return { id, channelId, name: `Folder ${id}`, parentId, ...tracking, ...overrides };
}

export function eventOf(channelId: string, id: string, overrides: Partial<Event> = {}): Event {
  return { id, channelId, folderId: null, time: 100, type: 'note/txt', tags: [], ...tracking, ...overrides };
}

export function accessOf(id: string, overrides: Partial<Access> = {}): Access {
  return { id, token: `token-${id}`, type: 'app', name: `Access ${id}`, permissions: [{ channelId: 'c1', level: 'read' }], ...tracking, ...overrides };
}

/** The change record of a write of `kind` naming `ids`. */
export function changeOf(kind: ChangeRecord['kind'], ids: string[], extra: Partial<ChangeRecord> = {}): ChangeRecord {
  return { kind, action: 'created', ids, ...extra };
}

/** JSON no key escaping may lose: dots, dollars, percents, `__proto__` (as an own key) and unicode. */
export const trickyJson = JSON.parse(
  '{"a.b":{"$set":1,"%2E":"%24"},"$where":"x","100%":[{"k.k":null}],"__proto__":{"polluted":true},"émoji 🎉":"ü\\u0000z","":0}',
) as Record<string, unknown>;
