/** The SQLite plans of events.page and the other hot reads: every filter walks an index, none scans events. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import type { EventsPageQuery } from '../../src/storage/store';
import { eventsPageSql } from '../../src/storage/sqlite/events-page-query';
import { migrate } from '../../src/storage/sqlite/sqlite-schema';
import { CHANGES_SINCE_SQL, TRIM_SQL } from '../../src/storage/sqlite/sqlite-changes';
import { LATEST_RUNNING_SQL, OVERLAPPING_SQL } from '../../src/storage/sqlite/sqlite-events';

const base: EventsPageQuery = { channelId: 'c1', places: '*', state: 'default', ascending: false, limit: 20 };
const range = { from: 100, to: 200 };

const PAGES: Record<string, Partial<EventsPageQuery>> = {
  'no filter': {},
  'state all': { state: 'all' },
  'state trashed': { state: 'trashed' },
  ascending: { ascending: true },
  'time range': { range },
  'time range ascending': { range, ascending: true },
  folders: { places: ['f1', null] },
  tags: { tags: ['a', 'b'] },
  'one tag': { tags: ['a'] },
  'tags and time range': { tags: ['a'], range },
  'tags ascending with skip': { tags: ['a', 'b'], ascending: true, skip: 40 },
  types: { types: ['mass/kg', 'activity/*'] },
  running: { running: true },
  modifiedSince: { modifiedSince: 10 },
  'skip and limit': { skip: 40 },
  'every filter': { range, places: ['f1'], tags: ['a'], types: ['note/*'], running: true, modifiedSince: 1, skip: 5 },
};

// Where a sort is unavoidable: modifiedSince walks events_modified (few events changed since a sync)
// and sorts them by time, which no index can give together with a range of `modified`.
const SORT_ALLOWED = new Set(['modifiedSince', 'every filter']);

describe('SQLite query plans', () => {
  let dir: string;
  let db: Database.Database;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-plans-'));
    db = new Database(path.join(dir, 'plans.sqlite'));
    migrate(db);
  });
  after(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const plan = (sql: string, params: Record<string, unknown>) =>
    db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params).map((row) => (row as { detail: string }).detail);
  const fullScans = (details: string[]) => details.filter((detail) => /^SCAN (events|event_tags|changes)\b/.test(detail) && !/USING/.test(detail));

  for (const [name, filters] of Object.entries(PAGES)) {
    it(`events.page with ${name} walks an index, never the whole events table`, () => {
      const { sql, params } = eventsPageSql('u', { ...base, ...filters });
      const details = plan(sql, params);
      expect(fullScans(details), details.join('\n')).to.deep.equal([]);
      // With tags, the walk is over event_tags_time and events are read by rowid (below).
      const walk = filters.tags ? /SEARCH event_tags USING COVERING INDEX event_tags_time/ : /SEARCH events USING (COVERING )?INDEX/;
      expect(details.some((detail) => walk.test(detail)), details.join('\n')).to.equal(true);
      if (!SORT_ALLOWED.has(name)) expect(details.filter((detail) => detail.includes('TEMP B-TREE')), details.join('\n')).to.deep.equal([]);
    });
  }

  it('events.page with tags walks the first tag in time order and reads each event by rowid, whatever the tag frequency', () => {
    for (const filters of [{ tags: ['rare'] }, { tags: ['rare', 'b'], ascending: true }, { tags: ['rare'], range, places: ['f1'] }]) {
      const details = plan(...Object.values(eventsPageSql('u', { ...base, ...filters })) as [string, Record<string, unknown>]);
      expect(details.some((detail) => /SEARCH event_tags USING COVERING INDEX event_tags_time \(account=\? AND channelId=\? AND tag=\?/.test(detail)), details.join('\n')).to.equal(true);
      expect(details.some((detail) => /SEARCH events USING INTEGER PRIMARY KEY \(rowid=\?\)/.test(detail)), details.join('\n')).to.equal(true);
      expect(details.filter((detail) => detail.includes('TEMP B-TREE')), details.join('\n')).to.deep.equal([]);
    }
  });

  it('events.page with a modifiedSince most events match walks a time index without sorting', () => {
    for (const filters of [{ modifiedSince: 10 }, { modifiedSince: 10, range }, { modifiedSince: 10, state: 'all' as const }]) {
      const { sql, params } = eventsPageSql('u', { ...base, ...filters }, true);
      const details = plan(sql, params);
      expect(fullScans(details), details.join('\n')).to.deep.equal([]);
      expect(details.some((detail) => /events_modified/.test(detail)), details.join('\n')).to.equal(false);
      expect(details.filter((detail) => detail.includes('TEMP B-TREE')), details.join('\n')).to.deep.equal([]);
    }
  });

  it('changes.since with its visibility test walks the (account, seq) key in order', () => {
    const visibility = { allAccesses: 0, createdBy: 'a1', allChannels: 0, channels: '["c1"]', partial: '[{"channelId":"c2","folderIds":["f1"]}]' };
    const details = plan(CHANGES_SINCE_SQL, { account: 'u', since: 5, limit: 10, ...visibility });
    expect(details.some((detail) => /SEARCH c USING PRIMARY KEY \(account=\? AND seq>\?\)/.test(detail)), details.join('\n')).to.equal(true);
    expect(fullScans(details)).to.deep.equal([]);
    expect(details.filter((detail) => detail.includes('TEMP B-TREE'))).to.deep.equal([]);
  });

  it('trimming the change log walks the (account, seq) key from the start of the log, never all of it', () => {
    const details = plan(TRIM_SQL, { account: 'u', latest: 1000, floor: 10, minTime: 5 });
    expect(details.filter((detail) => /USING PRIMARY KEY \(account=\? AND seq[<>]\?\)/.test(detail)), details.join('\n')).to.have.length(2);
    expect(fullScans(details), details.join('\n')).to.deep.equal([]);
    expect(details.filter((detail) => detail.includes('TEMP B-TREE')), details.join('\n')).to.deep.equal([]);
  });

  it('latestRunning and overlapping walk time ranges of indexes without sorting', () => {
    const details = [
      ...plan(LATEST_RUNNING_SQL, { account: 'u', channelId: 'c1', startedBy: 10, places: '["f1"]' }),
      ...plan(OVERLAPPING_SQL, { account: 'u', channelId: 'c1', from: 1, to: 2, excludeIds: '["e1"]', limit: 100 }),
    ];
    expect(fullScans(details), details.join('\n')).to.deep.equal([]);
    expect(details.filter((detail) => detail.includes('TEMP B-TREE')), details.join('\n')).to.deep.equal([]);
  });
});
