/**
 * The storage contract's fixture: the same cases run on the embedded store (nedb in a temp dir) and,
 * when MONGODB_URL is set, on MongoDB (a database of its own per location, from `freshMongoUrl`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Channel } from '../../src/model/items';
import { Database } from '../../src/storage/database';
import { openEmbeddedDatabase } from '../../src/storage/embedded/embedded-database';
import { openMongoDatabase } from '../../src/storage/mongo/mongo-database';
import { Backend, backends, BackendName } from '../helpers/backends';

export interface StorageContext {
  readonly backend: BackendName;
  /** The suite's database, opened once for every test of the suite; tests keep apart by unique names. */
  readonly db: Database;
  /** A new, empty place for a database: a temp dir (embedded) or a fresh database URL (MongoDB). */
  newLocation(): string;
  /** Opens a database at `location`; closed after the test unless the test closed it first. */
  open(location: string): Promise<Database>;
  /**
   * Whether two Database objects may be open on one location at once, as two nodes would. nedb keeps
   * a file per collection in memory and cannot share it between two Datastore objects, so not embedded.
   */
  readonly sharesLocation: boolean;
}

/** A name no other test uses: accounts, collections. */
export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/** A channel as a store holds it, with fixed tracking fields. */
export function channel(id: string, name: string, extra: Partial<Channel> = {}): Channel {
  return { id, name, enforceNoEventsOverlap: false, created: 1712345678.5, createdBy: 'acc-1', modified: 1712345678.5, modifiedBy: 'acc-1', ...extra };
}

/** Runs `body` once per backend under "storage contract [backend]: title". */
export function describeStorage(title: string, body: (t: StorageContext) => void): void {
  for (const backend of backends) {
    describe(`storage contract [${backend.name}]: ${title}`, function () {
      const tempDirs: string[] = [];
      let opened: Database[] = [];
      let db: Database | null = null;

      const newLocation = () => location(backend, tempDirs);
      const open = async (where: string) => {
        const database = backend.name === 'mongodb' ? await openMongoDatabase(where) : await openEmbeddedDatabase(where);
        opened.push(closeOnce(database));
        return opened[opened.length - 1];
      };

      before(async () => {
        db = await open(newLocation());
        opened = [];
      });
      afterEach(async () => {
        await Promise.all(opened.map((database) => database.close()));
        opened = [];
      });
      after(async () => {
        await db?.close();
        for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
      });

      body({
        backend: backend.name,
        get db() {
          return db!;
        },
        newLocation,
        open,
        sharesLocation: backend.name === 'mongodb',
      });
    });
  }
}

function location(backend: Backend, tempDirs: string[]): string {
  const url = backend.freshMongoUrl();
  if (url) return url;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-store-'));
  tempDirs.push(dir);
  return dir;
}

/** The fixture closes whatever a test left open; a test that closed it itself must not close it twice. */
function closeOnce(database: Database): Database {
  let closing: Promise<void> | null = null;
  return {
    kind: database.kind,
    collection: (name, indexes) => database.collection(name, indexes),
    ping: () => database.ping(),
    close: () => (closing ??= database.close()),
  };
}
