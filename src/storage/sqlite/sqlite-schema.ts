/** The SQLite schema: tables with the queried fields as columns beside the item's JSON, and their indexes. */
import type Database from 'better-sqlite3';

/** The end of a running period: later than any real time, so "running" and "reaches into a range" are range tests. */
export const RUNNING_END = 1e15;

// Bumped with every change below, with a step in MIGRATIONS; `migrate` refuses a database written by a newer release.
const SCHEMA_VERSION = 3;

// Every table is led by the account (DESIGN.md 7). `doc` holds the item exactly as given (JSON), so a
// read parses one column; the other columns are copies of the fields queries filter and sort on, written
// by the same statements. Absent optional columns are stored as '' (folderKey, channelId of deletions)
// rather than NULL so that they can stand in unique keys and `IN` lists.
// Version 2: event_tags carries account, channelId and time (kept with the event's by its writes).
const EVENT_TAGS = `CREATE TABLE event_tags (
  eventRowid INTEGER NOT NULL REFERENCES events (rowid) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  account TEXT NOT NULL,
  channelId TEXT NOT NULL,
  time REAL NOT NULL,
  PRIMARY KEY (eventRowid, tag)
) WITHOUT ROWID;
CREATE INDEX event_tags_time ON event_tags (account, channelId, tag, time, eventRowid);`;

// Version 3: channel_values, a channel's current values by key (`values` is an SQL keyword).
const CHANNEL_VALUES = `CREATE TABLE channel_values (
  account TEXT NOT NULL,
  channelId TEXT NOT NULL,
  key TEXT NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (account, channelId, key)
) WITHOUT ROWID;`;

/** Steps from each earlier version to the next, run in order inside one IMMEDIATE transaction. */
const MIGRATIONS: Record<number, string> = {
  1: `ALTER TABLE event_tags RENAME TO event_tags_v1;
${EVENT_TAGS}
INSERT INTO event_tags (eventRowid, tag, account, channelId, time)
  SELECT t.eventRowid, t.tag, e.account, e.channelId, e.time FROM event_tags_v1 t JOIN events e ON e.rowid = t.eventRowid;
DROP TABLE event_tags_v1;`,
  2: CHANNEL_VALUES,
};

const SCHEMA = `
CREATE TABLE users (
  username TEXT PRIMARY KEY,
  doc TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE accesses (
  account TEXT NOT NULL,
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  createdBy TEXT NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (account, id)
) WITHOUT ROWID;
-- accesses.list: sorted by name then id.
CREATE INDEX accesses_name ON accesses (account, name, id);

CREATE TABLE channels (
  account TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  trashed INTEGER NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (account, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX channels_name ON channels (account, name);

CREATE TABLE folders (
  account TEXT NOT NULL,
  channelId TEXT NOT NULL,
  id TEXT NOT NULL,
  -- parentId, '' at the root: a NULL would make every root folder distinct in the unique index.
  parentKey TEXT NOT NULL,
  name TEXT NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (account, channelId, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX folders_name ON folders (account, channelId, parentKey, name);
CREATE INDEX folders_by_name ON folders (account, channelId, name, id);

CREATE TABLE events (
  rowid INTEGER PRIMARY KEY,
  account TEXT NOT NULL,
  channelId TEXT NOT NULL,
  id TEXT NOT NULL,
  -- folderId, '' for no folder, so that "these folders or none" is one IN list.
  folderKey TEXT NOT NULL,
  time REAL NOT NULL,
  -- time for a mark, time + duration for a period, RUNNING_END while running.
  endTime REAL NOT NULL,
  period INTEGER NOT NULL,
  -- A stopped period's duration, else NULL: its index gives the channel's longest period at once.
  duration REAL,
  type TEXT NOT NULL,
  typeClass TEXT NOT NULL,
  trashed INTEGER NOT NULL,
  modified REAL NOT NULL,
  doc TEXT NOT NULL
);
CREATE UNIQUE INDEX events_id ON events (account, channelId, id);
-- Every page is sorted by time (rowid breaks ties, and ends every index): state=all, ranges.
CREATE INDEX events_time ON events (account, channelId, time);
-- The default state (not trashed) and state=trashed in time order.
CREATE INDEX events_trashed_time ON events (account, channelId, trashed, time);
CREATE INDEX events_folder_time ON events (account, channelId, folderKey, time);
-- Running periods (endTime = RUNNING_END) newest first, and periods started before a range reaching into it.
CREATE INDEX events_end_time ON events (account, channelId, endTime, time);
CREATE INDEX events_type_time ON events (account, channelId, type, time);
CREATE INDEX events_class_time ON events (account, channelId, typeClass, time);
CREATE INDEX events_modified ON events (account, channelId, modified);
-- max(duration) bounds how long before a range a period that reaches into it may have started.
CREATE INDEX events_duration ON events (account, channelId, duration);

-- One row per distinct tag of an event, with the event's account, channel and time: a page with a tag
-- walks event_tags_time in time order (O(page) whatever the tag's frequency) and joins events by rowid.
${EVENT_TAGS}
-- Sorted by key as the primary key orders it (binary: code point order).
${CHANNEL_VALUES}

CREATE TABLE deletions (
  account TEXT NOT NULL,
  kind TEXT NOT NULL,
  channelId TEXT NOT NULL,
  id TEXT NOT NULL,
  deleted REAL NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (account, kind, channelId, id)
) WITHOUT ROWID;
CREATE INDEX deletions_deleted ON deletions (account, kind, deleted);

CREATE TABLE changes (
  account TEXT NOT NULL,
  seq INTEGER NOT NULL,
  time REAL NOT NULL,
  kind TEXT NOT NULL,
  channelId TEXT,
  -- The ChangeScope as JSON (NULL when none), read by the visibility test of changes.since.
  scope TEXT,
  doc TEXT NOT NULL,
  PRIMARY KEY (account, seq)
) WITHOUT ROWID;

CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`;

/** Sets the connection's pragmas and creates the schema of a new database. */
export function migrate(db: Database.Database): void {
  // WAL with synchronous=NORMAL: a committed transaction is in the WAL file before COMMIT returns,
  // so it survives a process kill (what we promise); only a power loss or OS crash may lose the last
  // few commits, never corrupt the database.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Two processes on one file: a writer waits for the other's transaction instead of failing with SQLITE_BUSY.
  db.pragma('busy_timeout = 10000');
  // Only event_tags references another table; cascades keep its rows with their event.
  db.pragma('foreign_keys = ON');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) throw new Error(`the database was written by a newer release (schema ${version} > ${SCHEMA_VERSION})`);
  if (version === SCHEMA_VERSION) return;
  db.transaction(() => {
    // Read again under the write lock: another process may have created or migrated the schema meanwhile.
    let current = db.pragma('user_version', { simple: true }) as number;
    if (current === SCHEMA_VERSION) return;
    if (current === 0) db.exec(SCHEMA);
    else for (; current < SCHEMA_VERSION; current++) db.exec(MIGRATIONS[current]);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
