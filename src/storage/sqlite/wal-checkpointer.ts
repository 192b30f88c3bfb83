/**
 * Keeps checkpoints of the embedded store off the event loop. SQLite's own (automatic) checkpoint
 * runs inside the COMMIT of whichever write passes 1,000 WAL pages, fsyncs included: about every 80th
 * event write stalled the process for ~5 ms, delaying every call and notification behind it (the
 * fan-out p99 of docs/benchmarks.md). Instead, the event loop looks at the WAL's size (WalIndex) and,
 * once enough pages wait, asks a worker thread (wal-checkpoint-worker.ts), started when half as many
 * wait, to checkpoint from its own connection. The writer's automatic checkpoint stays, at a much
 * larger WAL (see WRITER_CHECKPOINT_PAGES); if the thread fails, the writer checkpoints as SQLite does.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { CheckpointReport, CheckpointRequest, CheckpointWorkerData } from './wal-checkpoint-worker';
import { WalIndex } from './wal-index';

/** How often the event loop looks at the WAL's size (a read of 100 bytes). */
const LOOK_INTERVAL_MS = 100;
/** WAL pages (4 KiB) not yet in the database file that call for the thread's checkpoint: 16 MiB. */
const CHECKPOINT_PAGES = 4096;
/**
 * WAL pages at which the writer checkpoints itself after all: 64 MiB. The WAL starts over only when a
 * checkpoint has copied all of it before the next write begins, which the thread's never does while
 * writes go on (tried: rounds of what was written meanwhile do not converge). So under steady writes
 * the WAL grows to this size and the writer checkpoints in its COMMIT as SQLite does, but copies only
 * what the thread has not (a few ms, mostly two fsyncs) and once every ~1,300 event writes, not
 * every 80; then it fsyncs the new WAL's header (SQLite ticket ff5be73dee). Checkpointing more often
 * does not help: every 200 ms made every ~16th write ~1 ms slower.
 */
const WRITER_CHECKPOINT_PAGES = 16_384;
/** SQLite's own, restored when the thread fails. */
const SQLITE_DEFAULT_CHECKPOINT_PAGES = 1000;

type Log = (message: string, details?: Record<string, unknown>) => void;

export class WalCheckpointer {
  /** Checkpoints the thread has made, and what the last one found (frames in the WAL, frames then in the file). */
  rounds = 0;
  lastRound: { log: number; checkpointed: number } | null = null;
  /** Looks at the WAL's size so far. */
  looks = 0;
  /** Started once 8 MiB wait: a store that never writes that much costs no thread. */
  private worker: Worker | null = null;
  private exited: Promise<void> = Promise.resolve();
  private asked = false;
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly db: Database.Database,
    /** The database file, as the thread opens it. */
    private readonly file: string,
    private readonly walIndex: WalIndex,
    private readonly log: Log,
    private readonly minFrames: number,
    intervalMs: number,
  ) {
    this.timer = setInterval(() => this.look(), intervalMs).unref();
  }

  /** Moves the checkpoints of `db` (WAL mode, a file) off the event loop; null (SQLite checkpoints as usual) without a wal-index to read. */
  static start(db: Database.Database, log: Log, { intervalMs = LOOK_INTERVAL_MS, minFrames = CHECKPOINT_PAGES } = {}): WalCheckpointer | null {
    const file = path.resolve(db.name);
    const walIndex = WalIndex.open(file);
    if (walIndex === null) return null;
    db.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`);
    return new WalCheckpointer(db, file, walIndex, log, minFrames, intervalMs);
  }

  /** True once the thread has been started. */
  get threadStarted(): boolean {
    return this.worker !== null;
  }

  /** Stops looking, and the thread with its connection; the store's own close then checkpoints what is left. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.walIndex.close();
    if (this.worker === null) return;
    // Referenced again: a process whose last work is this close must not end before the thread has.
    this.worker.ref();
    this.worker.postMessage('stop' satisfies CheckpointRequest);
    await this.exited;
  }

  private look(): void {
    this.looks++;
    if (this.asked) return;
    const waiting = this.walIndex.framesWaiting();
    if (waiting === null) return;
    // Started at half the threshold: its ~20 ms of start-up are over when the first checkpoint is due.
    if (waiting >= this.minFrames / 2) this.worker ??= this.startThread();
    if (waiting < this.minFrames) return;
    this.asked = true;
    this.worker!.postMessage('checkpoint' satisfies CheckpointRequest);
  }

  private startThread(): Worker {
    const workerData: CheckpointWorkerData = { file: this.file };
    const worker = new Worker(path.join(__dirname, 'wal-checkpoint-worker.js'), { workerData });
    // An idle store must not keep the process alive (tests, a CLI that opens and closes it).
    worker.unref();
    worker.on('message', (report: CheckpointReport) => {
      this.asked = false;
      if ('error' in report) return this.log('WAL checkpoint failed', { error: report.error });
      this.rounds++;
      this.lastRound = report;
    });
    worker.on('error', (error) => {
      this.log('the WAL checkpoint thread stopped; the writer checkpoints again', { error: error.stack });
      clearInterval(this.timer);
      if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_CHECKPOINT_PAGES}`);
    });
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    return worker;
  }
}
