/**
 * Child process of the seq-fairness test, as a second node would be: opens the store given (MongoDB
 * URL, or the SQLite file in a data dir), waits for a line on stdin so that both writers start
 * together, writes events to one account with a few in flight, and prints each write's duration.
 */
import { openStore } from '../../src/storage/open-store';

async function main(): Promise<void> {
  const [mongodbUrl, dataDir, prefix, countText, inFlightText] = process.argv.slice(2);
  const store = await openStore({ mongodbUrl: mongodbUrl || null, dataDir });
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const tracking = { created: 1, createdBy: 'a', modified: 1, modifiedBy: 'a' };
  const durations: number[] = [];
  const errors: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < Number(countText)) {
      const id = `${prefix}${next++}`;
      const started = performance.now();
      try {
        await store.events.create('u', { id, channelId: 'c1', folderId: null, time: 1, type: 'note/txt', tags: [], ...tracking }, { kind: 'events', action: 'created', ids: [id], channelId: 'c1' });
        durations.push(performance.now() - started);
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Number(inFlightText) }, worker));
  await store.close();
  process.stdout.write(JSON.stringify({ durations, errors }));
}

void main();
