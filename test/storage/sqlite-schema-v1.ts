/** The SQLite schema of version 1 (before event_tags carried account, channelId and time), to test the migration from it. */
export const SCHEMA_V1 = `
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

-- One row per distinct tag of an event: "holds every one of these tags" counts matches by primary key.
CREATE TABLE event_tags (
  eventRowid INTEGER NOT NULL REFERENCES events (rowid) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  PRIMARY KEY (eventRowid, tag)
) WITHOUT ROWID;

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
