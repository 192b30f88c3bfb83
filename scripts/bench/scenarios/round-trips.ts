/**
 * Store round trips per call, for every method, on the embedded store and on FerretDB: read from
 * Logbook's own `/metrics` (logbook_store_round_trips_total) before and after each call, on a server
 * doing nothing else. A portable figure: the same on any machine. Warm: the median over N calls
 * after one unmeasured call (a trim of the change log or a token re-check, which come every
 * hundredth change or second, do not move a median). Cold: the first call over HTTP on a server
 * just started, for the methods with a target.
 */
import { makeTempDir, SERVER_CORE } from '../lib/children';
import { BenchContext, mongoUrlFor } from '../lib/context';
import { expectOk, requestJson } from '../lib/http-client';
import { Account, createAccount, createChannel, LogbookServer, startLogbook } from '../lib/logbook';
import { absolute, SystemFigures } from '../lib/results';
import { quantile, spreadOf } from '../lib/stats';
import { SioWireClient } from '../lib/sio-wire-client';
import { Caller, LOGIN, roundTripCases, RT_CHANNEL } from './round-trip-cases';

const GROUP = 'Store round trips';
const CALLS = 9;

/** The issue's targets (warm, per call): an access check on a cold node comes on top of events.get's. */
const TARGETS: Record<string, number> = { '{cid}.events.create': 2, '{cid}.events.get': 1, 'changes.get (limit 100)': 1 };

/** Cold calls: HTTP on a fresh server, so the token is checked against the store as a new node would. */
const COLD: [string, string, string, unknown?][] = [
  ['getAccessInfo', 'GET', '/access-info'],
  ['{cid}.events.get', 'GET', `/${RT_CHANNEL}/events?limit=20`],
  ['{cid}.events.create', 'POST', `/${RT_CHANNEL}/events`, { type: 'note/txt', content: 'cold' }],
  ['changes.get (limit 100)', 'GET', '/changes?since=0&limit=100'],
];

interface Counts {
  roundTrips: number;
  statements: number;
}

async function storeCounts(url: string): Promise<Counts> {
  const { body, status } = await requestText(`${url}/metrics`);
  if (status !== 200) throw new Error(`/metrics answered ${status}`);
  const read = (name: string) => Number(new RegExp(`^${name}\\{[^}]*\\} (\\d+)`, 'm').exec(body)?.[1] ?? NaN);
  return { roundTrips: read('logbook_store_round_trips_total'), statements: read('logbook_store_statements_total') };
}

async function requestText(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.text() };
}

/** What one call cost the store. */
async function measured(url: string, call: () => Promise<unknown>): Promise<Counts> {
  const before = await storeCounts(url);
  await call();
  const after = await storeCounts(url);
  return { roundTrips: after.roundTrips - before.roundTrips, statements: after.statements - before.statements };
}

interface Row {
  label: string;
  warm: Counts;
  cold?: Counts;
}

export async function runRoundTrips(context: BenchContext): Promise<void> {
  const tables: [string, Row[]][] = [['embedded store (SQLite)', await runOnStore(context, 'embedded')]];
  if (context.mongoBaseUrl) tables.push(['FerretDB', await runOnStore(context, 'mongodb')]);
  context.sections.push(renderTable(tables));
}

async function runOnStore(context: BenchContext, kind: 'embedded' | 'mongodb'): Promise<Row[]> {
  const start = { name: `logbook-roundtrips-${kind}`, dataDir: makeTempDir(`roundtrips-${kind}`), mongodbUrl: kind === 'mongodb' ? mongoUrlFor(context, 'bench_roundtrips') : null, core: SERVER_CORE };
  let logbook: LogbookServer = await startLogbook(context, start);
  const account = await createAccount(context, logbook.url, LOGIN.username);
  await createChannel(logbook.url, account, RT_CHANNEL);
  const rows: Row[] = [];
  let socket = await SioWireClient.connect(logbook.url, `/${LOGIN.username}`, { token: account.token });
  try {
    const caller = callerOf(() => logbook.url, account, () => socket);
    for (const testCase of roundTripCases('w')) {
      const prepared = testCase.prepare ? await testCase.prepare(caller, CALLS + 1) : [];
      await testCase.call(caller, CALLS, prepared);
      const counts: Counts[] = [];
      for (let i = 0; i < CALLS; i++) counts.push(await measured(logbook.url, () => testCase.call(caller, i, prepared)));
      rows.push({ label: testCase.label, warm: { roundTrips: quantile(counts.map((c) => c.roundTrips), 0.5), statements: quantile(counts.map((c) => c.statements), 0.5) } });
    }
    for (const [label, verb, path, body] of COLD) {
      socket.close();
      await logbook.stop();
      logbook = await startLogbook(context, start);
      const row = rows.find((r) => r.label === label)!;
      row.cold = await measured(logbook.url, () => expectOk(verb, `${logbook.url}/${LOGIN.username}${path}`, { token: account.token, body }));
      socket = await SioWireClient.connect(logbook.url, `/${LOGIN.username}`, { token: account.token });
    }
  } finally {
    socket.close();
    await logbook.stop();
  }
  const backend = kind === 'mongodb' ? 'FerretDB' : 'embedded store';
  for (const row of rows.filter((r) => TARGETS[r.label] !== undefined)) {
    context.results.push(absolute({ group: GROUP, scenario: `${row.label}: store round trips per call, warm, ${backend}`, unit: 'round trips', logbook: fixed(row.warm.roundTrips), target: { kind: 'at-most', value: TARGETS[row.label] }, note: 'Counted, not timed: the same on any machine. The whole table, cold calls and SQLite statements included, follows the results.' }));
  }
  context.log(`  ${backend}: ${rows.map((r) => `${r.label} ${r.warm.roundTrips}${r.cold ? ` (cold ${r.cold.roundTrips})` : ''}`).join(', ')}`);
  return rows;
}

function callerOf(url: () => string, account: Account, socket: () => SioWireClient): Caller {
  return {
    command: (id, params = {}) => socket().command(id, params),
    async http(verb, path, body, token) {
      const answer = await requestJson(verb, `${url()}/${account.username}${path}`, { token: token ?? account.token, body });
      if (answer.status >= 300) throw new Error(`${verb} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
  };
}

function fixed(value: number): SystemFigures {
  return { system: 'Logbook', spread: spreadOf([value]), clientCpu: null, serverCpu: null, dbCpu: null, samples: [{ value, clientCpu: null, serverCpu: null }] };
}

function renderTable(tables: [string, Row[]][]): string {
  const cell = (counts: Counts | undefined, sqlite: boolean) => (counts === undefined ? '' : sqlite && counts.statements !== counts.roundTrips ? `${counts.roundTrips} (${counts.statements} statements)` : String(counts.roundTrips));
  const headers = tables.flatMap(([name]) => [`${name}, warm`, `${name}, cold node`]);
  const lines = [
    `## ${GROUP} per call`,
    '',
    `Median over ${CALLS} calls, each read from /metrics before and after; cold: the first call over HTTP on a server just started. SQLite: a transaction is one round trip (its statements in parentheses).`,
    '',
    `| method | ${headers.join(' | ')} |`,
    `|---|${headers.map(() => '---|').join('')}`,
  ];
  for (const [index, { label }] of tables[0][1].entries()) {
    const cells = tables.flatMap(([name, rows]) => [cell(rows[index].warm, name.includes('SQLite')), cell(rows[index].cold, name.includes('SQLite'))]);
    lines.push(`| ${label}${TARGETS[label] === undefined ? '' : ` (target ${TARGETS[label]})`} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
