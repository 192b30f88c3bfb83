/**
 * The thread of a WalCheckpointer: copies the WAL of one database into its file from a connection of
 * its own, so that the fsyncs of a checkpoint never stall the event loop. PASSIVE: it never waits
 * for, nor blocks, the writers and readers of other connections; what it cannot copy yet (a reader
 * still needs it) is copied by a later round.
 *
 * It checkpoints only once `minFrames` wait in the WAL: after a whole checkpoint the next writer
 * starts the WAL over and must fsync its header (SQLite ticket ff5be73dee), on the event loop, so a
 * checkpoint after every few writes would stall one write in a few. How many frames wait is read
 * from the wal-index (the `-shm` file, https://www.sqlite.org/walformat.html), which costs the
 * writer nothing; where it cannot be read, any commit since the last round is reason enough.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

export interface CheckpointWorkerData {
  file: string;
  intervalMs: number;
  minFrames: number;
}

/** What the thread tells its owner after each checkpoint (frames in the WAL, frames now in the file), or a failure. */
export type CheckpointReport = { log: number; checkpointed: number } | { error: string };

/** The wal-index header's version, mxFrame (last frame in the WAL) and, after two copies of the header, nBackfill (frames checkpointed). */
const WAL_INDEX = { bytes: 100, version: 0, versionValue: 3007000, mxFrame: 16, nBackfill: 96 } as const;

const port = parentPort!;
const { file, intervalMs, minFrames } = workerData as CheckpointWorkerData;
lowerThisThreadsPriority();
const db = new Database(file, { fileMustExist: true });
// This connection never writes, but if it did, it must not checkpoint on the writer's path either.
db.pragma('wal_autocheckpoint = 0');
// Changes whenever another connection has committed: without a readable wal-index, a quiet database costs a round no checkpoint.
const dataVersion = db.prepare('PRAGMA data_version').pluck();
const walIndex = openWalIndex();

let seenVersion: unknown = null;
let complete = true;
const timer = setInterval(() => {
  try {
    if (!isTimeToCheckpoint()) return;
    const [{ log, checkpointed }] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    // Frames a reader still needed are left: the next round tries again even if nothing was committed.
    complete = checkpointed === log;
    port.postMessage({ log, checkpointed } satisfies CheckpointReport);
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies CheckpointReport);
  }
}, intervalMs);

port.once('message', () => {
  clearInterval(timer);
  if (walIndex !== null) fs.closeSync(walIndex.fd);
  db.close();
  port.close();
});

function isTimeToCheckpoint(): boolean {
  const waiting = framesWaiting();
  if (waiting !== null) return waiting >= minFrames;
  const version = dataVersion.get();
  if (version === seenVersion && complete) return false;
  seenVersion = version;
  return true;
}

/** Frames in the WAL not yet in the database file, or null when the wal-index cannot say. */
function framesWaiting(): number | null {
  if (walIndex === null) return null;
  const { fd, buffer, readU32 } = walIndex;
  if (fs.readSync(fd, buffer, 0, WAL_INDEX.bytes, 0) < WAL_INDEX.bytes) return null;
  if (readU32(WAL_INDEX.version) !== WAL_INDEX.versionValue) return null;
  // Read while a writer may be changing it: a torn value only makes one round early or late.
  return Math.max(0, readU32(WAL_INDEX.mxFrame) - readU32(WAL_INDEX.nBackfill));
}

/** The wal-index, in the machine's byte order; null where there is none (another VFS, exclusive locking). */
function openWalIndex(): { fd: number; buffer: Buffer; readU32: (offset: number) => number } | null {
  try {
    const fd = fs.openSync(`${file}-shm`, 'r');
    const buffer = Buffer.alloc(WAL_INDEX.bytes);
    const readU32 = os.endianness() === 'LE' ? (offset: number) => buffer.readUInt32LE(offset) : (offset: number) => buffer.readUInt32BE(offset);
    return { fd, buffer, readU32 };
  } catch {
    return null;
  }
}

/**
 * Copying pages is CPU work that, on a machine short of cores (or a process pinned to one), would
 * take its slices from the event loop it exists to spare. On Linux, setpriority on a thread's id
 * renices that thread alone; elsewhere, or where /proc is missing, the thread keeps its priority.
 */
function lowerThisThreadsPriority(): void {
  try {
    const threadId = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId) && threadId !== process.pid) os.setPriority(threadId, os.constants.priority.PRIORITY_LOW);
  } catch {
    // Not Linux: the checkpoints still run off the event loop.
  }
}
