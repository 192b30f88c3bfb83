/** A write the SQLite store acknowledged is there after the process is SIGKILLed (WAL, synchronous=NORMAL). */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-store';

const WRITES = 2000;

describe('SQLite store durability', () => {
  it('keeps every write acknowledged before a SIGKILL', async function () {
    this.timeout(30000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-kill-'));
    const child = spawn(process.execPath, [path.join(__dirname, 'kill-writer.js'), dir, String(WRITES)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acknowledged: string[] = [];
    let buffered = '';
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited early (${code})`))));
      child.stdout!.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        acknowledged.push(...lines);
        // Killed mid-stream, while it is still writing.
        if (acknowledged.length >= WRITES / 2 && !child.killed) child.kill('SIGKILL');
      });
    });
    expect(acknowledged.length).to.be.at.least(WRITES / 2);
    const store = await openSqliteStore(dir);
    try {
      for (const id of acknowledged) expect(await store.events.get('u', 'c1', id), id).to.not.equal(null);
      expect(await store.changes.latestSeq('u')).to.be.at.least(acknowledged.length);
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
