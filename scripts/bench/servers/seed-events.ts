/**
 * Seeded events that look like real ones: several folders (and none), types of several classes with
 * content to match, zero to three tags of skewed frequency, some stopped periods and one running,
 * times spread over the year before `now` in the order they were recorded.
 */
import { createHash } from 'node:crypto';
import type { Event } from '../../../src/model/items';

/** The folders seeded events go in; the scenario creates them through the API first. */
export const SEED_FOLDERS = ['work', 'home', 'sport', 'health', 'reading', 'travel', 'family', 'projects'];
/** A tag on about 5% of the events: the tag the scale group filters on. */
export const COMMON_TAG = 'important';
const YEAR = 365 * 86400;
// Weighted: a tag's chance is its weight / 100 per event, drawn independently (most events get 0–2).
const TAGS: [string, number][] = [[COMMON_TAG, 5], ['morning', 12], ['evening', 10], ['weekend', 8], ['with-anna', 4], ['outdoor', 6], ['review', 2], ['todo', 3], ['idea', 1.5], ['draft', 1]];
const TYPES: [string, (i: number) => unknown][] = [
  ['note/txt', (i) => `entry ${i}: ${'lorem ipsum dolor sit amet '.repeat(1 + (i % 4))}`.trim()],
  ['activity/plain', () => undefined],
  ['mass/kg', (i) => 60 + (i % 300) / 10],
  ['count/steps', (i) => 1000 + ((i * 7919) % 15000)],
  ['money/eur', (i) => ((i * 31) % 20000) / 100],
  ['mood/rating', (i) => 1 + (i % 5)],
  ['position/wgs84', (i) => ({ latitude: 46.5 + (i % 1000) / 10000, longitude: 6.6 + (i % 777) / 10000 })],
];

/** A deterministic pseudo-random fraction in [0, 1) for (i, salt): the same seed gives the same data every run. */
function fraction(i: number, salt: number): number {
  // Cheaper than a hash per field: an integer mix (xorshift-multiply) of i and salt.
  let x = (i * 0x9e3779b1 + salt * 0x85ebca6b) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return (x >>> 0) / 2 ** 32;
}

/** Event `i` of `count` in `channelId`, created by `accessId`; the last one is a running period. */
export function seedEvent(i: number, count: number, channelId: string, accessId: string, now: number): Event {
  // Times rise with i, spread evenly over the year with a little jitter, as a logbook fills up.
  const time = now - YEAR + ((i + fraction(i, 1) * 0.9) * YEAR) / count;
  const folderDraw = fraction(i, 2);
  const folderId = folderDraw < 0.15 ? null : SEED_FOLDERS[Math.floor(((folderDraw - 0.15) / 0.85) * SEED_FOLDERS.length)];
  const [type, content] = TYPES[Math.floor(fraction(i, 3) * TYPES.length)];
  const tags = TAGS.filter(([, weight], k) => fraction(i, 10 + k) * 100 < weight).map(([tag]) => tag);
  const event: Event = { id: `s${i.toString(36)}`, channelId, folderId, time, type, tags, created: time, createdBy: accessId, modified: time, modifiedBy: accessId };
  const value = content(i);
  if (value !== undefined) event.content = value;
  // About a sixth are periods of 5 minutes to 3 hours (every activity, a few others); the newest is still running.
  if (i === count - 1) event.duration = null;
  else if (type === 'activity/plain' || fraction(i, 4) < 0.03) event.duration = 300 + Math.floor(fraction(i, 5) * 3 * 3600);
  if (fraction(i, 6) < 0.05) event.description = `seeded ${createHash('md5').update(String(i)).digest('hex').slice(0, 12)}`;
  return event;
}
