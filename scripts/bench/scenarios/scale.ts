/**
 * Scale (issue 8): one account with 1M events (quick 100k) on the embedded store. Start-up and RSS
 * (scale-start.ts); `{cid}.events.get` limit 20 without a filter, with a time range, a tag and a
 * folder, over Socket.IO against raw better-sqlite3 running the same SQL in its own process, with
 * Logbook's p50 latency alone (1 x 1); `{cid}.events.create` against one raw insert.
 */
import path from 'node:path';
import { BenchChild, makeTempDir, SERVER_CORE } from '../lib/children';
import { BENCH_DIST, BenchContext } from '../lib/context';
import { createAccount, createChannel, createFolders, startLogbook } from '../lib/logbook';
import { absolute, compare, figuresOf, measureInterleaved, MeasuredSystem, Sample, Target } from '../lib/results';
import { SioWireClient } from '../lib/sio-wire-client';
import { COMMON_TAG, SEED_FOLDERS } from '../servers/seed-events';
import { measureStartUps } from './scale-start';
import { connectAll, EVENTS_LIMIT, Load, LoadSettings, logbookSocket, rawDriver } from './store-systems';

const USERNAME = 'bench-scale';
const CHANNEL = 'scale';
const GET_TARGET: Target = { kind: 'at-least', value: 0.7 };
const CREATE_TARGET: Target = { kind: 'at-least', value: 0.5 };
const LATENCY_TARGET: Target = { kind: 'at-most', value: 5 };
/** As the store-backed rows on the embedded store: a few calls in flight keep one synchronous SQLite busy. */
const LOAD: Load = { clients: 4, inFlight: 2 };
const GROUP = 'Scale: one account, embedded store (SQLite)';
const NOTE =
  'Ratios at 4 clients x 2 in flight; the raw loop runs the same SQL (eventsPageSql of the same pageQuery, rows parsed as the store parses them) in its own process on the server core, ' +
  'so the ratio is what params validation, token and permission checks, dispatch, the JSON answer and Socket.IO cost on top of SQLite. p50 is Logbook alone, 1 call in flight, round trip included.';

interface GetVariant {
  label: string;
  params: Record<string, unknown>;
  /** The places Logbook resolves them to for a full-access token. */
  places: '*' | string[];
}

/** The four events.get shapes of the issue; the range is a day half a year back (about 1/365 of the events). */
function getVariants(): GetVariant[] {
  const to = Math.floor(Date.now() / 1000) - 182 * 86400;
  return [
    { label: 'no filter', params: {}, places: '*' },
    { label: 'a one-day time range', params: { fromTime: to - 86400, toTime: to }, places: '*' },
    { label: `tag "${COMMON_TAG}" (~5% of events)`, params: { tags: [COMMON_TAG] }, places: '*' },
    { label: `folder "${SEED_FOLDERS[0]}" (~11% of events)`, params: { folders: [SEED_FOLDERS[0]] }, places: [SEED_FOLDERS[0]] },
  ];
}

export async function runScale(context: BenchContext): Promise<void> {
  const { options, log } = context;
  const events = options.scaleEvents;
  const dataDir = makeTempDir('scale');
  const spawn = (name: string, script: string, core: number | null) => BenchChild.start({ name, script: path.join(BENCH_DIST, script), core, logDir: context.workDir });

  const setup = await startLogbook(context, { name: 'logbook-scale-setup', dataDir, mongodbUrl: null, core: null });
  const account = await createAccount(context, setup.url, USERNAME);
  await createChannel(setup.url, account, CHANNEL);
  await createFolders(setup.url, account, CHANNEL, SEED_FOLDERS);
  await setup.stop();
  const seeder = spawn('seed-scale', 'servers/seed-store.js', null);
  const began = Date.now();
  await seeder.request({ type: 'seed', mongodbUrl: null, dataDir, account: USERNAME, channelId: CHANNEL, accessId: account.accessId, events, changes: 0 }, 30 * 60_000);
  await seeder.stop();
  const seedSeconds = (Date.now() - began) / 1000;
  log(`  seeded ${events.toLocaleString('en-US')} events in one SQLite transaction in ${seedSeconds.toFixed(1)} s`);
  context.results.push(
    absolute({ group: GROUP, scenario: `seeding ${events.toLocaleString('en-US')} events (bulk SQL, one transaction, Logbook's statements; not Logbook's own path)`, unit: 's', logbook: figuresOf('seeder', [{ value: seedSeconds, clientCpu: null, serverCpu: null }]), target: null }),
  );

  const variants = getVariants();
  await measureStartUps(context, dataDir, account, CHANNEL, events, variants.map((variant) => variant.params));

  const raw = spawn('raw-scale', 'servers/raw-driver.js', SERVER_CORE);
  await raw.request({ type: 'open', store: 'embedded', dataDir });
  const logbook = await startLogbook(context, { name: 'logbook-scale', dataDir, mongodbUrl: null, core: SERVER_CORE });
  const sockets: SioWireClient[] = [];
  try {
    sockets.push(...(await connectAll(LOAD, logbook.url, `/${USERNAME}`, { token: account.token })));
    const [single] = await connectAll({ clients: 1, inFlight: 1 }, logbook.url, `/${USERNAME}`, { token: account.token });
    sockets.push(single);
    const settings: LoadSettings = { load: LOAD, durationMs: options.durationMs, maxOps: options.maxOps, dbPid: null };
    const sequential: LoadSettings = { ...settings, load: { clients: 1, inFlight: 1 } };
    const size = `${events.toLocaleString('en-US')} events`;

    for (const variant of variants) {
      log(`  events.get limit ${EVENTS_LIMIT}, ${variant.label}, ${size}`);
      const systems: MeasuredSystem[] = [
        logbookSocket('get', sockets.slice(0, LOAD.clients), logbook.child.pid, CHANNEL, settings, variant.params),
        rawDriver('get', raw, account, CHANNEL, settings, 'raw better-sqlite3', { query: variant.params, places: variant.places }),
        { ...logbookSocket('get', [single], logbook.child.pid, CHANNEL, sequential, variant.params), name: 'Logbook 1 x 1' },
      ];
      const samples = await measureInterleaved(systems, options.reps, log);
      context.results.push(
        compare({ group: GROUP, scenario: `{cid}.events.get limit ${EVENTS_LIMIT}, ${variant.label}, ${size}, Socket.IO vs raw, 4 x 2 in flight`, unit: 'calls/s', logbook: figuresOf('Logbook Socket.IO', samples.get('Logbook Socket.IO')!), baseline: figuresOf('raw better-sqlite3', samples.get('raw better-sqlite3')!), target: GET_TARGET, note: NOTE }),
        absolute({ group: GROUP, scenario: `{cid}.events.get limit ${EVENTS_LIMIT}, ${variant.label}: p50 latency, Socket.IO, 1 x 1`, unit: 'ms', logbook: figuresOf('Logbook', latencies(samples.get('Logbook 1 x 1')!)), target: LATENCY_TARGET, note: NOTE }),
      );
    }

    log(`  events.create, ${size}`);
    const systems = [logbookSocket('create', sockets.slice(0, LOAD.clients), logbook.child.pid, CHANNEL, settings), rawDriver('create', raw, account, CHANNEL, settings, 'raw better-sqlite3')];
    const samples = await measureInterleaved(systems, options.reps, log);
    context.results.push(
      compare({ group: GROUP, scenario: `{cid}.events.create on ${size}, Socket.IO vs one raw insert (event + tags, one transaction), 4 x 2 in flight`, unit: 'calls/s', logbook: figuresOf('Logbook Socket.IO', samples.get('Logbook Socket.IO')!), baseline: figuresOf('raw better-sqlite3', samples.get('raw better-sqlite3')!), target: CREATE_TARGET, note: NOTE }),
    );
  } finally {
    for (const socket of sockets) socket.close();
    await Promise.all([logbook.stop(), raw.stop()]);
  }
}

/** The p50 latency of each sample as the sample's figure. */
function latencies(samples: Sample[]): Sample[] {
  return samples.map((sample) => ({ ...sample, value: sample.extra?.latencyP50Ms ?? NaN }));
}
