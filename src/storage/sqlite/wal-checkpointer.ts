/**
 * Keeps checkpoints of the embedded store off the event loop. SQLite's own (automatic) checkpoint
 * runs inside the COMMIT of whichever write passes 1,000 WAL pages, fsyncs included: about every 80th
 * event write stalled the process for ~5 ms, delaying every call and notification behind it (the
 * fan-out p99 of docs/benchmarks.md). A worker thread checkpoints instead, from its own connection
 * (wal-checkpoint-worker.ts).
 * The writer's automatic checkpoint stays, at a much larger WAL, in case the thread falls behind.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { CheckpointReport, CheckpointWorkerData } from './wal-checkpoint-worker';

/** How often the thread looks at the WAL. */
const CHECKPOINT_INTERVAL_MS = 200;
/**
 * WAL pages (4 KiB) that make the thread checkpoint: 16 MiB, four times SQLite's default, so that the
 * WAL starts over (an fsync of its header on the writer's path) once every ~300 event writes, not 80.
 */
const CHECKPOINT_PAGES = 4096;
/** WAL pages at which the writer checkpoints itself after all: 64 MiB, far past what a round adds. */
const WRITER_CHECKPOINT_PAGES = 16_384;

type Log = (message: string, details?: Record<string, unknown>) => void;

export class WalCheckpointer {
  /** Rounds that checkpointed, and what the last one found (frames in the WAL, frames then in the file). */
  rounds = 0;
  lastRound: { log: number; checkpointed: number } | null = null;
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  private constructor(file: string, log: Log, intervalMs: number, minFrames: number) {
    const workerData: CheckpointWorkerData = { file, intervalMs, minFrames };
    this.worker = new Worker(path.join(__dirname, 'wal-checkpoint-worker.js'), { workerData });
    // An idle store must not keep the process alive (tests, a CLI that opens and closes it).
    this.worker.unref();
    this.worker.on('message', (report: CheckpointReport) => {
      if ('error' in report) log('WAL checkpoint failed', { error: report.error });
      else {
        this.rounds++;
        this.lastRound = report;
      }
    });
    this.worker.on('error', (error) => log('the WAL checkpoint thread stopped', { error: error.stack }));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
  }

  /** Moves the checkpoints of `db` (WAL mode, a file) to a thread. */
  static start(db: Database.Database, log: Log, { intervalMs = CHECKPOINT_INTERVAL_MS, minFrames = CHECKPOINT_PAGES } = {}): WalCheckpointer {
    db.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`);
    return new WalCheckpointer(path.resolve(db.name), log, intervalMs, minFrames);
  }

  /** Stops the thread and closes its connection; the store's own close then checkpoints what is left. */
  async stop(): Promise<void> {
    // Referenced again: a process whose last work is this close must not end before the thread has.
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
  }
}
