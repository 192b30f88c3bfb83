/** Child process of the kill test: opens the SQLite store in argv[2], writes events, prints each acknowledged id. */
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-store';

async function main(): Promise<void> {
  const [dataDir, countText] = process.argv.slice(2);
  const store = await openSqliteStore(dataDir);
  const tracking = { created: 1, createdBy: 'a', modified: 1, modifiedBy: 'a' };
  for (let i = 0; i < Number(countText); i++) {
    const id = `e${i}`;
    await store.events.create('u', { id, channelId: 'c1', folderId: null, time: i, type: 'note/txt', tags: [], ...tracking }, { kind: 'events', action: 'created', ids: [id] });
    // Printed only once the write is acknowledged: every printed id must survive the kill.
    process.stdout.write(`${id}\n`);
  }
  // Wait for the kill, holding the database open as a crashing server would.
  setInterval(() => {}, 1000);
}

void main();
