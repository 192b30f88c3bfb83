/**
 * `npm run bench [-- --quick] [-- --only=pipeline,store,fanout,realtime,memory,catchup,scale,roundtrips]`: Logbook against
 * bare Socket.IO, bare Koa, the raw database drivers and Feathers, measured in one run on this
 * machine. Servers run as child processes on core 0, this process (the load generator) on core 1.
 * Writes bench-results/latest.md and latest.json. See docs/benchmarks.md.
 */
import { execSync } from 'node:child_process';
import { CAN_PIN, CLIENT_CORE, cleanUp, cleanUpNow, makeTempDir, pinProcess } from './lib/children';
import { BenchContext, newSecrets } from './lib/context';
import { killFerretdbNow, startFerretdb, stopFerretdb } from './lib/ferretdb';
import { writeReports } from './lib/report';
import { BenchOptions, parseOptions } from './options';
import { runCatchUp } from './scenarios/catch-up';
import { runCommandPipeline } from './scenarios/command-pipeline';
import { runFanOut } from './scenarios/fan-out';
import { runRealtime } from './scenarios/realtime';
import { runMemory } from './scenarios/memory';
import { runRoundTrips } from './scenarios/round-trips';
import { runScale } from './scenarios/scale';
import { runStoreBacked } from './scenarios/store-backed';

async function main(): Promise<void> {
  const startedAt = new Date();
  const options = parseOptions(process.argv.slice(2));
  const log = (line: string) => console.log(line);
  if (CAN_PIN) pinProcess(process.pid, CLIENT_CORE);
  log(`Logbook benchmark, ${options.quick ? 'quick' : 'full'} run; ${CAN_PIN ? 'servers on core 0, load generator on core 1' : 'no pinning available'}`);
  const context: BenchContext = { options, workDir: makeTempDir('run'), ...newSecrets(), mongoBaseUrl: null, ferretdbPid: null, results: [], sections: [], log };

  skipWithoutDescriptors(options, log);
  const needsMongo = options.only.has('store') || options.only.has('catchup') || options.only.has('roundtrips');
  if (needsMongo) {
    try {
      const ferretdb = await startFerretdb();
      context.mongoBaseUrl = ferretdb.url;
      context.ferretdbPid = ferretdb.pid;
      log(`FerretDB at ${ferretdb.url} (pid ${ferretdb.pid})`);
    } catch (error) {
      log(`FerretDB unavailable, MongoDB rows skipped: ${(error as Error).message}`);
    }
  }

  const scenarios: [string, string, (context: BenchContext) => Promise<void>][] = [
    ['pipeline', 'Command pipeline', runCommandPipeline],
    ['store', 'Store-backed and peer', runStoreBacked],
    ['fanout', 'Fan-out', runFanOut],
    ['realtime', 'Realtime messages (group posts, one and two nodes)', runRealtime],
    ['memory', 'Memory per socket', runMemory],
    ['catchup', 'Catch-up', runCatchUp],
    ['scale', 'Scale: one account of 1M events (quick 100k)', runScale],
    ['roundtrips', 'Store round trips per call', runRoundTrips],
  ];
  for (const [key, title, run] of scenarios) {
    if (!options.only.has(key)) continue;
    const began = Date.now();
    log(`\n== ${title}`);
    await run(context);
    log(`  (${((Date.now() - began) / 1000).toFixed(1)} s)`);
  }

  const markdown = writeReports(context.results, options, startedAt, context.sections);
  log(`\n${markdown}`);
  log('Written: bench-results/latest.md and bench-results/latest.json');
}

/**
 * Fan-out holds 2 x (largest size + 1) sockets in this process, memory one per account. Node raises
 * its soft descriptor limit to the hard one at start, so the hard limit is what counts.
 */
function skipWithoutDescriptors(options: BenchOptions, log: (line: string) => void): void {
  const limit = Number(execSync('ulimit -n', { shell: '/bin/bash', encoding: 'utf8' }).trim());
  if (!Number.isFinite(limit)) return;
  const needs: [string, number][] = [['fanout', 2 * (Math.max(...options.fanOutSizes) + 1) + 200], ['realtime', 2 * (Math.max(...options.fanOutSizes) + 1) + 200], ['memory', options.memorySockets + 200]];
  for (const [group, needed] of needs) {
    if (options.only.has(group) && limit < needed) {
      log(`Skipping ${group}: it needs ${needed} open files and ulimit -n allows ${limit}; raise it (ulimit -Hn / limits.conf) to run it.`);
      options.only.delete(group);
    }
  }
}

// Whatever happens, no server, FerretDB or temp dir outlives the run.
let finishing = false;
async function finish(code: number): Promise<never> {
  if (!finishing) {
    finishing = true;
    await cleanUp().catch(() => {});
    await stopFerretdb().catch(() => {});
  }
  process.exit(code);
}
process.once('exit', () => {
  cleanUpNow();
  killFerretdbNow();
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void finish(130));

main().then(
  () => finish(0),
  (error) => {
    // After Ctrl-C the servers are going away under the running scenario: its errors are expected noise.
    if (!finishing) console.error(error);
    return finish(1);
  },
);
