/**
 * The WAL of the embedded store is checkpointed by a thread of its own (WalCheckpointer), never in
 * the COMMIT of a write. In WAL mode only a checkpoint writes pages into the database file, so that
 * file's size tells whether (and when) one ran.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { openSqliteStore, SQLITE_FILE } from '../../src/storage/sqlite/sqlite-store';
import { WalCheckpointer } from '../../src/storage/sqlite/wal-checkpointer';

/** Rows of ~3 KiB: every commit adds at least one WAL frame (page) of its own. */
const ROW = 'x'.repeat(3000);

describe('SQLite WAL checkpoints', () => {
  let dir: string;
  let db: Database.Database;
  let checkpointer: WalCheckpointer | null;
  const file = () => path.join(dir, 'wal.sqlite');

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-wal-'));
    db = new Database(file());
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    checkpointer = null;
  });

  afterEach(async () => {
    await checkpointer?.stop();
    if (db.open) db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const writeRows = (count: number) => {
    const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
    for (let i = 0; i < count; i++) insert.run(ROW);
  };
  const fileSize = () => fs.statSync(file()).size;

  const start = (options: Parameters<typeof WalCheckpointer.start>[2] = {}, log: Parameters<typeof WalCheckpointer.start>[1] = () => {}) => {
    checkpointer = WalCheckpointer.start(db, log, options);
    expect(checkpointer, 'a wal-index to read').to.not.equal(null);
    return checkpointer!;
  };
  /** Lets the event loop run (the checkpointer's looks, the thread's answers) until `done`, for at most 8 s. */
  const until = async (done: () => boolean, what: string) => {
    const deadline = Date.now() + 8000;
    while (!done()) {
      expect(Date.now(), `${what} within 8 s`).to.be.below(deadline);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const checkpointed = (started: WalCheckpointer) => until(() => started.rounds > 0, 'a checkpoint');

  it('leaves the writer no checkpoint to run at SQLite\'s 1,000 pages, and starts no thread below its own threshold', async () => {
    const started = start({ intervalMs: 5, minFrames: Number.MAX_SAFE_INTEGER });
    const before = fileSize();
    // 1,500 commits of a page or more: past the 1,000 pages at which SQLite's writer would checkpoint.
    writeRows(1500);
    expect(fileSize()).to.equal(before);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).to.be.greaterThan(1500);
    // Several looks at the WAL go by, none of which may start the thread.
    await until(() => started.looks >= 3, '3 looks');
    expect(started.threadStarted).to.equal(false);
  });

  it('copies the WAL into the database file from its thread once enough pages wait', async function () {
    this.timeout(10000);
    const logged: unknown[] = [];
    const started = start({ intervalMs: 10, minFrames: 200 }, (message, details) => logged.push({ message, details }));
    const before = fileSize();
    writeRows(400);
    await checkpointed(started);
    expect(started.threadStarted).to.equal(true);
    expect(fileSize()).to.be.greaterThan(before + 200 * 3000);
    expect(logged).to.deep.equal([]);
  });

  it('waits until the WAL holds minFrames pages (read from the wal-index) before it checkpoints', async function () {
    this.timeout(10000);
    const started = start({ intervalMs: 5, minFrames: 150 });
    const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
    // Commits spread over time, so that checkpointing on any commit would start well before 150 pages.
    for (let i = 0; started.rounds === 0; i++) {
      expect(i, 'no checkpoint after 2,000 commits').to.be.below(2000);
      insert.run(ROW);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(started.lastRound!.log).to.be.at.least(150);
  });

  it('closes its connection when stopped, so the last one to close removes the WAL', async () => {
    const started = start({ intervalMs: 5, minFrames: 50 });
    writeRows(100);
    await checkpointed(started);
    await started.stop();
    checkpointer = null;
    db.close();
    expect(fs.existsSync(`${file()}-wal`)).to.equal(false);
  });

  it('is stopped by the store\'s close, which leaves no WAL behind', async () => {
    const store = await openSqliteStore(dir);
    await store.users.create({ username: 'walcheck', passwordHash: 'h', created: 1 });
    await store.close();
    expect(fs.existsSync(path.join(dir, `${SQLITE_FILE}-wal`))).to.equal(false);
  });
});
