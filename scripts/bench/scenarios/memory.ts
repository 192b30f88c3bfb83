/**
 * Memory: resident memory per idle socket. Logbook with K sockets on K different accounts (K
 * namespaces, each socket authenticated and in its rooms) versus a bare Socket.IO server with K
 * sockets on one namespace. Every repetition starts both servers afresh (a heap that has served
 * earlier work refills its free pages first and hides the growth), collects garbage (--expose-gc),
 * reads RSS, connects the K sockets, collects again and reads RSS again.
 */
import { startServerScript } from '../lib/baseline';
import { BenchChild, makeTempDir, SERVER_CORE, sleep } from '../lib/children';
import type { BenchContext } from '../lib/context';
import { Account, createAccount, inBatches, startLogbook } from '../lib/logbook';
import { compare, figuresOf, measureInterleaved, MeasuredSystem, Sample } from '../lib/results';
import { SioWireClient } from '../lib/sio-wire-client';

const BARE_NAMESPACE = '/bench-memory';

interface Server {
  url: string;
  child: BenchChild;
}

function memorySystem(name: string, count: number, start: () => Promise<Server>, connect: (url: string, index: number) => Promise<SioWireClient>): MeasuredSystem {
  return {
    name,
    async measure() {
      const server = await start();
      try {
        const before = await server.child.request({ type: 'gc' });
        const sockets = await inBatches(count, 50, (i) => connect(server.url, i));
        // Let the server finish joining rooms and settle the handshakes before reading.
        await sleep(300);
        const after = await server.child.request({ type: 'gc' });
        for (const socket of sockets) socket.close();
        const perSocket = (field: string) => ((after[field] as number) - (before[field] as number)) / count / 1024;
        return {
          value: perSocket('rss'),
          clientCpu: null,
          serverCpu: null,
          extra: { heapUsedKiBPerSocket: perSocket('heapUsed'), externalKiBPerSocket: perSocket('external'), rssBeforeMiB: (before.rss as number) / 2 ** 20, rssAfterMiB: (after.rss as number) / 2 ** 20 },
        };
      } finally {
        await server.child.stop();
      }
    },
  };
}

export async function runMemory(context: BenchContext): Promise<void> {
  const { options, log } = context;
  const count = options.memorySockets;
  const dataDir = makeTempDir('memory');
  // Setup unpinned: creating the accounts hashes two passwords each (scrypt), and both cores help.
  const setup = await startLogbook(context, { name: 'logbook-memory-setup', dataDir, mongodbUrl: null, core: null });
  const began = Date.now();
  const accounts: Account[] = await inBatches(count, 4, (i) => createAccount(context, setup.url, `bench-memory-${String(i).padStart(4, '0')}`));
  await setup.stop();
  log(`  created ${count} accounts through the admin route and logged them in, in ${((Date.now() - began) / 1000).toFixed(1)} s`);

  const samples = await measureInterleaved(
    [
      memorySystem(
        `Logbook (${count} accounts)`,
        count,
        () => startLogbook(context, { name: 'logbook-memory', dataDir, mongodbUrl: null, core: SERVER_CORE }),
        (url, i) => SioWireClient.connect(url, `/${accounts[i].username}`, { token: accounts[i].token }),
      ),
      memorySystem(
        'bare Socket.IO (1 namespace)',
        count,
        () => startServerScript(context, 'bare-socketio-memory', 'baselines/bare-socketio.js', { env: { BENCH_NAMESPACE: BARE_NAMESPACE }, core: SERVER_CORE, nodeArgs: ['--expose-gc'] }),
        (url) => SioWireClient.connect(url, BARE_NAMESPACE, {}),
      ),
    ],
    options.memoryReps,
    log,
  );
  const logbookSamples = samples.get(`Logbook (${count} accounts)`)!;
  const bareSamples = samples.get('bare Socket.IO (1 namespace)')!;
  // RSS is what the issue asks for; V8's heapUsed is beside it because a fresh heap's slack absorbs small growth unseen by RSS.
  const heapOnly = (list: Sample[]) => list.map((sample) => ({ ...sample, value: sample.extra!.heapUsedKiBPerSocket }));
  for (const [measure, logbookList, bareList] of [
    ['RSS growth', logbookSamples, bareSamples],
    ['V8 heapUsed growth', heapOnly(logbookSamples), heapOnly(bareSamples)],
  ] as const) {
    context.results.push(
      compare({
        group: 'Memory per idle socket',
        scenario: `${count} sockets, ${measure} after gc: Logbook on ${count} accounts (namespaces) vs bare Socket.IO on 1 namespace (${options.memoryReps} repetitions)`,
        unit: 'KiB/socket',
        logbook: figuresOf('Logbook', logbookList),
        baseline: figuresOf('bare Socket.IO', bareList),
        target: { kind: 'at-most', value: 1.5 },
        note: 'Fresh servers for every repetition. RSS grows by whole pages and only once the heap\'s free space is used up, so with few sockets the heapUsed row is the steadier one.',
      }),
    );
  }
}
