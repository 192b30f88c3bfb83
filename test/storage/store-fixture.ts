/** Runs a storage contract suite against every backend: SQLite always (a temp dir per suite), MongoDB when MONGODB_URL is set. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { backends, type BackendName } from '../helpers/backends';
import { openStore } from '../../src/storage/open-store';
import type { Store } from '../../src/storage/store';

/** What a suite's cases get: the open store, and a way to close and open it again on the same data. */
export interface StoreContext {
  backend: BackendName;
  store: Store;
  reopen(): Promise<Store>;
  /** A second store object on the same data (same SQLite file, same MongoDB database), as a second node would open; closed after the case. */
  openAnother(): Promise<Store>;
  /** Where the store's data is, for another process to open it. */
  location(): { mongodbUrl: string | null; dataDir: string };
  /**
   * The account's latest seq after writes that failed: exactly `expected` on SQLite (the write and its
   * change are one transaction); on MongoDB the change is stored first, so a failed write may leave
   * one behind (README: "One write, one change"), though no listener hears of it.
   */
  expectLatestSeqAfterFailures(account: string, expected: number): Promise<void>;
}

/** `describe` once per backend; a fresh store (new data dir, new MongoDB database) for each case. */
export function describeStore(title: string, cases: (context: StoreContext) => void): void {
  for (const backend of backends) {
    describe(`${title} (${backend.name})`, function () {
      const context = { backend: backend.name } as StoreContext;
      context.expectLatestSeqAfterFailures = async (account, expected) => {
        const latest = await context.store.changes.latestSeq(account);
        if (backend.name === 'mongodb') expect(latest).to.be.at.least(expected);
        else expect(latest).to.equal(expected);
      };
      let dataDir = '';
      let mongodbUrl: string | null = null;
      const open = () => openStore({ mongodbUrl, dataDir });
      let others: Store[] = [];
      context.location = () => ({ mongodbUrl, dataDir });
      context.openAnother = async () => {
        const other = await open();
        others.push(other);
        return other;
      };

      beforeEach(async () => {
        dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-store-'));
        mongodbUrl = backend.freshMongoUrl();
        context.store = await open();
        context.reopen = async () => {
          await context.store.close();
          context.store = await open();
          return context.store;
        };
      });

      afterEach(async () => {
        await Promise.all(others.map((other) => other.close()));
        others = [];
        await context.store.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      });

      cases(context);
    });
  }
}
