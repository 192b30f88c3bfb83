/** Scale group, part one: start-up of dist/src/main.js on a large DATA_DIR, and its RSS before and after reads. */
import { performance } from 'node:perf_hooks';
import { SERVER_CORE, sleep } from '../lib/children';
import type { BenchContext } from '../lib/context';
import { Account, startLogbook } from '../lib/logbook';
import { absolute, figuresOf, Sample, Target } from '../lib/results';
import { SioWireClient } from '../lib/sio-wire-client';
import { runClosedLoop } from '../lib/closed-loop';

const START_TARGET: Target = { kind: 'at-most', value: 2 };
const RSS_TARGET: Target = { kind: 'at-most', value: 250 };
const GETS_AFTER_START = 1000;

/** One start-up: spawn until /health answers 200 (polled every 5 ms), then RSS, 1,000 events.get, RSS again. */
async function startOnce(context: BenchContext, dataDir: string, account: Account, channelId: string, queries: Record<string, unknown>[], rep: number): Promise<Sample[]> {
  const began = performance.now();
  // Pinned like every measured server; polled every 5 ms, so the figure is at most ~5 ms late.
  const logbook = await startLogbook(context, { name: `logbook-scale-start-${rep}`, dataDir, mongodbUrl: null, core: SERVER_CORE, pollMs: 5 });
  try {
    const seconds = (performance.now() - began) / 1000;
    const afterStart = await logbook.child.request({ type: 'memory' });
    const socket = await SioWireClient.connect(logbook.url, `/${account.username}`, { token: account.token });
    let next = 0;
    await runClosedLoop({
      clients: 1,
      inFlight: 4,
      durationMs: 10 * 60_000,
      maxOps: GETS_AFTER_START,
      op: async () => {
        const query = queries[next++ % queries.length];
        const result = await socket.command(`${channelId}.events.get`, query);
        if ((result.events as unknown[]).length === 0) throw new Error(`events.get ${JSON.stringify(query)} returned no event`);
      },
    });
    socket.close();
    await sleep(100);
    const afterGets = await logbook.child.request({ type: 'memory' });
    const mib = (reply: Record<string, unknown>) => (reply.rss as number) / 2 ** 20;
    return [
      { value: seconds, clientCpu: null, serverCpu: null },
      { value: mib(afterStart), clientCpu: null, serverCpu: null, extra: { heapUsedMiB: (afterStart.heapUsed as number) / 2 ** 20 } },
      { value: mib(afterGets), clientCpu: null, serverCpu: null, extra: { heapUsedMiB: (afterGets.heapUsed as number) / 2 ** 20 } },
    ];
  } finally {
    await logbook.stop();
  }
}

/** Starts Logbook `options.scaleStartups` times on the seeded DATA_DIR and records the three figures. */
export async function measureStartUps(context: BenchContext, dataDir: string, account: Account, channelId: string, events: number, queries: Record<string, unknown>[]): Promise<void> {
  const { options, log } = context;
  const rows: Sample[][] = [[], [], []];
  for (let rep = 0; rep < options.scaleStartups; rep++) {
    const samples = await startOnce(context, dataDir, account, channelId, queries, rep);
    samples.forEach((sample, i) => rows[i].push(sample));
    log(`    start-up ${rep + 1}/${options.scaleStartups}: ${samples[0].value.toFixed(2)} s, RSS ${samples[1].value.toFixed(0)} MiB, after ${GETS_AFTER_START} gets ${samples[2].value.toFixed(0)} MiB`);
  }
  const group = 'Scale: one account, embedded store (SQLite)';
  const size = `${events.toLocaleString('en-US')} events`;
  const note =
    'Start-up is measured from spawning `node dist/src/main.js` (with the bench IPC hook) until `GET /health` answers 200, polled every 5 ms. ' +
    `RSS is the server process's resident memory, without a forced GC; the ${GETS_AFTER_START} gets cycle through the four events.get queries below, 4 in flight on one socket.`;
  context.results.push(
    absolute({ group, scenario: `start-up until GET /health answers, ${size} (${options.scaleStartups} starts)`, unit: 's', logbook: figuresOf('Logbook', rows[0]), target: START_TARGET, note }),
    absolute({ group, scenario: `RSS after start, ${size}`, unit: 'MiB', logbook: figuresOf('Logbook', rows[1]), target: RSS_TARGET, note }),
    absolute({ group, scenario: `RSS after ${GETS_AFTER_START.toLocaleString('en-US')} events.get, ${size}`, unit: 'MiB', logbook: figuresOf('Logbook', rows[2]), target: RSS_TARGET, note }),
  );
}
