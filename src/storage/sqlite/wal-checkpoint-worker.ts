/**
 * The thread of a WalCheckpointer: copies the WAL of one database into its file from a connection of
 * its own when asked, so that the fsyncs of a checkpoint never stall the event loop. PASSIVE: it never
 * waits for, nor blocks, the writers and readers of other connections; what it cannot copy yet (a
 * reader still needs it) is copied when it is asked again.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

export interface CheckpointWorkerData {
  file: string;
}

/** What the owner asks: a checkpoint, or to close the connection and end. */
export type CheckpointRequest = 'checkpoint' | 'stop';

/** The answer to a checkpoint: frames in the WAL and frames now in the database file, or a failure. */
export type CheckpointReport = { log: number; checkpointed: number } | { error: string };

const port = parentPort!;
const { file } = workerData as CheckpointWorkerData;
lowerThisThreadsPriority();
const db = new Database(file, { fileMustExist: true });
// This connection never writes, but if it did, it must not checkpoint on the writer's path either.
db.pragma('wal_autocheckpoint = 0');

port.on('message', (request: CheckpointRequest) => {
  if (request === 'stop') {
    db.close();
    port.close();
    return;
  }
  try {
    const [{ log, checkpointed }] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    port.postMessage({ log, checkpointed } satisfies CheckpointReport);
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies CheckpointReport);
  }
});

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
