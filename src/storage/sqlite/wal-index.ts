/**
 * How many WAL frames (pages) wait to be copied into the database file, read from the wal-index (the
 * `-shm` file; https://www.sqlite.org/walformat.html): mxFrame, the last frame in the WAL, minus
 * nBackfill, the frames a checkpoint has copied. A read of 100 bytes, which costs no connection and
 * no lock, so the event loop can look often.
 */
import fs from 'node:fs';
import os from 'node:os';

/** Offsets in the wal-index: its header's version and mxFrame, then, after the header's two copies, nBackfill. */
const LAYOUT = { bytes: 100, version: 0, mxFrame: 16, nBackfill: 96 } as const;
/** The only wal-index version SQLite has written since WAL mode exists. */
const VERSION = 3007000;

export class WalIndex {
  private readonly buffer = Buffer.alloc(LAYOUT.bytes);
  private readonly readU32 = os.endianness() === 'LE' ? (offset: number) => this.buffer.readUInt32LE(offset) : (offset: number) => this.buffer.readUInt32BE(offset);

  private constructor(private fd: number | null) {}

  /** The wal-index of the database `file`, or null where there is none (another VFS, exclusive locking). */
  static open(file: string): WalIndex | null {
    try {
      return new WalIndex(fs.openSync(`${file}-shm`, 'r'));
    } catch {
      return null;
    }
  }

  /** Frames in the WAL not yet in the database file, or null when the wal-index cannot say. */
  framesWaiting(): number | null {
    if (this.fd === null || fs.readSync(this.fd, this.buffer, 0, LAYOUT.bytes, 0) < LAYOUT.bytes) return null;
    if (this.readU32(LAYOUT.version) !== VERSION) return null;
    // Read while a writer may be changing it: a torn value only makes one look early or late.
    return Math.max(0, this.readU32(LAYOUT.mxFrame) - this.readU32(LAYOUT.nBackfill));
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}
