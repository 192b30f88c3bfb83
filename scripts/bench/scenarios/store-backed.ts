/**
 * Store-backed and peer: `{cid}.events.get` (limit 20) and `{cid}.events.create` through Logbook over
 * Socket.IO and HTTP, versus the raw driver doing the same find/insert on the same documents, on the
 * embedded store and on FerretDB; on FerretDB also versus a minimal Feathers v5 app.
 */
import path from 'node:path';
import { startServerScript, StartedServer } from '../lib/baseline';
import { BenchChild, makeTempDir, SERVER_CORE } from '../lib/children';
import { BENCH_DIST, BenchContext, mongoUrlFor } from '../lib/context';
import { createAccount, createChannel, createFolders, startLogbook } from '../lib/logbook';
import { SEED_FOLDERS } from '../servers/seed-events';
import { compare, figuresOf, MeasuredSystem, measureInterleaved, Sample, Target } from '../lib/results';
import { SioWireClient } from '../lib/sio-wire-client';
import { connectAll, feathersHttp, feathersSocket, Load, LoadSettings, logbookHttp, logbookSocket, rawDriver, StoreOp } from './store-systems';

const USERNAME = 'bench-store';
const CHANNEL = 'bench';
const RAW_TARGET: Target = { kind: 'at-least', value: 0.7 };
const PEER_TARGET: Target = { kind: 'at-least', value: 1 };
/**
 * Calls in flight per store. Both stores serve one query at a time (better-sqlite3 is synchronous in
 * the server's process, FerretDB's SQLite scans use about one core), so a few calls in flight saturate them; more would only queue
 * and make each measurement wait for a long tail of slow calls.
 */
const LOADS: Record<'embedded' | 'mongodb', Load> = { embedded: { clients: 4, inFlight: 2 }, mongodb: { clients: 2, inFlight: 2 } };
const FERRETDB_NOTE =
  'FerretDB 1.24 (SQLite handler) pushes no sort down and evaluates filters on fields other than _id after reading the whole table: ' +
  'every events.get reads every stored event, so the channel is smaller than 100k here and the get rows measure FerretDB (db CPU high, Logbook\'s process nearly idle). ' +
  'A Logbook create stores its change, then the event (two inserts, the seq claim serialised per account, a primary-key read of the last claim when it is over a second old, a change-log trim every 100th write) where the raw driver makes one insert.';
const EMBEDDED_NOTE =
  'better-sqlite3 is synchronous: each statement runs to its end on the server\'s one thread, in Logbook as in the raw loop. ' +
  'A limit-20 get walks the (account, channelId, trashed, time) index newest first and reads 20 rows for both; Logbook adds params validation, the token and permission checks, dispatch, the JSON answer and the transport. ' +
  'A Logbook create is one IMMEDIATE transaction holding the event, its tags and its change (the seq read from the log\'s primary key), where the raw loop stores the event and its tags.';

export async function runStoreBacked(context: BenchContext): Promise<void> {
  await runOnStore(context, 'embedded');
  if (context.mongoBaseUrl) await runOnStore(context, 'mongodb');
  else context.log('  FerretDB is not running: MongoDB and Feathers rows skipped');
}

function spawnChild(context: BenchContext, name: string, script: string, core: number | null, env: Record<string, string> = {}): BenchChild {
  return BenchChild.start({ name, script: path.join(BENCH_DIST, script), core, env, logDir: context.workDir });
}

async function runOnStore(context: BenchContext, kind: 'embedded' | 'mongodb'): Promise<void> {
  const { options, log } = context;
  const dataDir = makeTempDir(`store-${kind}`);
  const mongodbUrl = kind === 'mongodb' ? mongoUrlFor(context, 'bench_store') : null;
  const channelEvents = kind === 'mongodb' ? options.channelEventsMongo : options.channelEventsEmbedded;
  const storeLabel = kind === 'mongodb' ? 'MongoDB API on FerretDB' : 'embedded store (SQLite)';

  // The account and channel come through the API; the channel's events through the store modules, with Logbook stopped.
  const setup = await startLogbook(context, { name: `logbook-setup-${kind}`, dataDir, mongodbUrl, core: null });
  const account = await createAccount(context, setup.url, USERNAME);
  await createChannel(setup.url, account, CHANNEL);
  await createFolders(setup.url, account, CHANNEL, SEED_FOLDERS);
  await setup.stop();
  const seeder = spawnChild(context, `seed-${kind}`, 'servers/seed-store.js', null);
  const began = Date.now();
  await seeder.request({ type: 'seed', mongodbUrl, dataDir, account: USERNAME, channelId: CHANNEL, accessId: account.accessId, events: channelEvents, changes: 0 }, 30 * 60_000);
  await seeder.stop();
  log(`  ${storeLabel}: seeded ${channelEvents} events in ${((Date.now() - began) / 1000).toFixed(1)} s`);

  const raw = spawnChild(context, `raw-${kind}`, 'servers/raw-driver.js', SERVER_CORE);
  // Raw SQLite opens Logbook's own file: WAL lets both processes share it (they are measured in turn).
  await raw.request({ type: 'open', store: kind, mongodbUrl, dataDir });
  const logbook = await startLogbook(context, { name: `logbook-${kind}`, dataDir, mongodbUrl, core: SERVER_CORE });
  let feathers: StartedServer | null = null;
  if (kind === 'mongodb') {
    feathers = await startServerScript(context, 'feathers', 'baselines/feathers-app.js', { env: { MONGODB_URL: mongodbUrl! }, core: SERVER_CORE });
    await feathers.child.request({ type: 'seed', channelId: CHANNEL, count: channelEvents }, 10 * 60_000);
  }

  const sockets: SioWireClient[] = [];
  try {
    const load = LOADS[kind];
    const logbookSockets = await connectAll(load, logbook.url, `/${USERNAME}`, { token: account.token });
    sockets.push(...logbookSockets);
    const feathersSockets = feathers ? await connectAll(load, feathers.url, '/', null) : [];
    sockets.push(...feathersSockets);
    const settings: LoadSettings = { load, durationMs: options.durationMs, maxOps: options.maxOps, dbPid: kind === 'mongodb' ? context.ferretdbPid : null };
    const rawName = kind === 'mongodb' ? 'raw mongodb driver' : 'raw better-sqlite3';

    // get first: creates would grow the tables that every get reads (FerretDB reads whole tables).
    for (const op of ['get', 'create'] as StoreOp[]) {
      const what = op === 'get' ? `{cid}.events.get limit 20, channel of ${channelEvents.toLocaleString('en-US')} events` : '{cid}.events.create';
      log(`  ${storeLabel}: ${what}, ${load.clients} clients x ${load.inFlight} in flight`);
      const systems: MeasuredSystem[] = [
        logbookSocket(op, logbookSockets, logbook.child.pid, CHANNEL, settings),
        logbookHttp(op, logbook.url, account, logbook.child.pid, CHANNEL, settings),
        rawDriver(op, raw, account, CHANNEL, settings, rawName),
      ];
      if (feathers) systems.push(feathersSocket(op, feathersSockets, feathers.child.pid, CHANNEL, settings), feathersHttp(op, feathers.url, feathers.child.pid, CHANNEL, settings));
      const samples = await measureInterleaved(systems, options.reps, log);
      const figures = (name: string) => figuresOf(name, samples.get(name) as Sample[]);
      const note = kind === 'mongodb' ? FERRETDB_NOTE : EMBEDDED_NOTE;
      const shape = `${load.clients} x ${load.inFlight} in flight`;
      for (const door of ['Socket.IO', 'HTTP']) {
        context.results.push(
          compare({ group: `Store-backed: ${storeLabel}`, scenario: `${what}, Logbook ${door} vs raw driver, ${shape}`, unit: 'calls/s', logbook: figures(`Logbook ${door}`), baseline: figures(rawName), target: RAW_TARGET, note }),
        );
        if (feathers) {
          context.results.push(
            compare({ group: 'Peer: Feathers v5 on the same FerretDB database', scenario: `${what}, ${door}, ${shape}`, unit: 'calls/s', logbook: figures(`Logbook ${door}`), baseline: figures(`Feathers ${door}`), target: PEER_TARGET, note }),
          );
        }
      }
    }
  } finally {
    for (const socket of sockets) socket.close();
    await Promise.all([logbook.stop(), raw.stop(), feathers?.child.stop()]);
  }
}
