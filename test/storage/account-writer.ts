/**
 * Child process of the seq-fairness test, as a second node would be: opens the store given (MongoDB
 * URL, or the SQLite file in a data dir), says `ready`, waits for a line on stdin so that both writers start
 * together, writes events to one account with a few in flight, and prints each write's duration.
 * In mode `periods` every event is a period overlapping all the others, written under noOverlap.
 */
import { openStore } from '../../src/storage/open-store';

async function main(): Promise<void> {
  const [mongodbUrl, dataDir, prefix, countText, inFlightText, mode] = process.argv.slice(2);
  const periods = mode === 'periods';
  const store = await openStore({ mongodbUrl: mongodbUrl || null, dataDir });
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const began = Date.now();
  const tracking = { created: 1, createdBy: 'a', modified: 1, modifiedBy: 'a' };
  const durations: number[] = [];
  // When each write was answered (wall clock, comparable across the two processes).
  const answered: number[] = [];
  const errors: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < Number(countText)) {
      const id = `${prefix}${next++}`;
      const started = performance.now();
      try {
        const event = { id, channelId: 'c1', folderId: null, time: 1 + next / 1000, ...(periods ? { duration: 10 } : {}), type: 'note/txt', tags: [], ...tracking };
        await store.events.create('u', event, { kind: 'events', action: 'created', ids: [id], channelId: 'c1' }, periods ? { noOverlap: { excludeIds: [], readable: '*' } } : {});
        durations.push(performance.now() - started);
        answered.push(Date.now());
      } catch (error) {
        errors.push((error as { id?: string }).id ?? (error instanceof Error ? error.message : String(error)));
      }
    }
  };
  await Promise.all(Array.from({ length: Number(inFlightText) }, worker));
  await store.close();
  process.stdout.write(JSON.stringify({ began, durations, answered, errors }));
}

void main();
