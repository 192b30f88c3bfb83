/**
 * Realtime messages: one `realtime.post` to a group of N connections (100, 1,000), timed from the
 * post until the last member has it, against a bare Socket.IO relay doing the same (`socket.to(room)
 * .emit`). On one node, and on two nodes through Redis (sender on the first, members on the second;
 * the bare relays then use the official Redis adapter). p50 and p99 over the repetitions.
 */
import { startServerScript, StartedServer } from '../lib/baseline';
import { makeTempDir, SERVER_CORE } from '../lib/children';
import type { BenchContext } from '../lib/context';
import { createAccount, inBatches, LogbookServer, startLogbook } from '../lib/logbook';
import { pushPercentileRows, timeInterleaved, warmUp } from '../lib/latency-rows';
import { startRedis } from '../lib/redis-server';
import { SioWireClient } from '../lib/sio-wire-client';

const USERNAME = 'bench-realtime';
const GROUP_NAME = 'bench';
const REPORT_GROUP = 'Realtime messages';
const TIMEOUT_MS = 15_000;

interface RelaySystem {
  name: string;
  /** Where the sender connects, and where the members do (the same server on one node). */
  senderUrl: string;
  membersUrl: string;
  pids: number[];
  auth: Record<string, unknown>;
  join(socket: SioWireClient): Promise<unknown>;
  post(socket: SioWireClient, message: unknown): Promise<unknown>;
}

let round = 0;

/** One post: ms from sending it until the last member has the packet carrying its marker. */
function timeOne(system: RelaySystem, sender: SioWireClient, members: SioWireClient[]): Promise<number> {
  const marker = `"m":${++round}}`;
  return new Promise((resolve, reject) => {
    let remaining = members.length;
    const timer = setTimeout(() => reject(new Error(`${system.name}: ${remaining} of ${members.length} members never got the message`)), TIMEOUT_MS);
    const t0 = performance.now();
    for (const member of members) {
      member.rawListener = (packet) => {
        if (!packet.includes(marker)) return;
        member.rawListener = null;
        if (--remaining === 0) {
          clearTimeout(timer);
          resolve(performance.now() - t0);
        }
      };
    }
    system.post(sender, { m: round }).catch(reject);
  });
}

export async function runRealtime(context: BenchContext): Promise<void> {
  const { log } = context;
  await runTopology(context, 'one node', null);
  const redis = await startRedis();
  if (!redis) {
    log('  redis-server is not installed: the two-node rows are skipped');
    return;
  }
  try {
    await runTopology(context, 'two nodes', redis.url);
  } finally {
    await redis.stop();
  }
}

async function runTopology(context: BenchContext, topology: string, redisUrl: string | null): Promise<void> {
  const { options, log } = context;
  const nodes = redisUrl ? 2 : 1;
  const env: Record<string, string> = redisUrl ? { REDIS_URL: redisUrl } : {};
  const dataDir = makeTempDir('realtime');
  const logbooks: LogbookServer[] = [];
  const bares: StartedServer[] = [];
  const open: SioWireClient[] = [];
  try {
    // One after the other: the nodes share one SQLite file, which the first creates.
    for (let i = 0; i < nodes; i++) logbooks.push(await startLogbook(context, { name: `logbook-realtime-${i}`, dataDir, mongodbUrl: null, core: SERVER_CORE, env }));
    for (let i = 0; i < nodes; i++) bares.push(await startServerScript(context, `bare-relay-${i}`, 'baselines/bare-relay.js', { env: { ...env, BENCH_NAMESPACE: `/${USERNAME}` }, core: SERVER_CORE }));
    const account = await createAccount(context, logbooks[0].url, USERNAME);
    const last = nodes - 1;
    const systems: RelaySystem[] = [
      {
        name: 'Logbook',
        senderUrl: logbooks[0].url,
        membersUrl: logbooks[last].url,
        pids: logbooks.map((l) => l.child.pid),
        auth: { token: account.token },
        join: (socket) => socket.command('realtime.join', { group: GROUP_NAME }),
        post: (socket, message) => socket.command('realtime.post', { group: GROUP_NAME, message }),
      },
      {
        name: 'bare Socket.IO',
        senderUrl: bares[0].url,
        membersUrl: bares[last].url,
        pids: bares.map((b) => b.child.pid),
        auth: {},
        join: (socket) => socket.emitWithAck('join', GROUP_NAME),
        post: (socket, message) => socket.emitWithAck('post', { group: GROUP_NAME, message }),
      },
    ];
    const connect = async (url: string, system: RelaySystem, count: number) => {
      const sockets = await inBatches(count, 100, () => SioWireClient.connect(url, `/${USERNAME}`, system.auth));
      open.push(...sockets);
      await inBatches(count, 100, (i) => system.join(sockets[i]));
      return sockets;
    };
    const senders = await Promise.all(systems.map((system) => connect(system.senderUrl, system, 1)));
    for (const size of options.fanOutSizes) {
      log(`  ${topology}: one post to a group of ${size}; ${options.fanOutReps} repetitions per system, interleaved`);
      const members = [await connect(systems[0].membersUrl, systems[0], size), await connect(systems[1].membersUrl, systems[1], size)];
      const timed = systems.map((system, s) => ({ name: system.name, pids: system.pids, timeOne: () => timeOne(system, senders[s][0], members[s]) }));
      // Logbook's join notices also drain during the unmeasured rounds.
      log(`  ${await warmUp(timed, options.latencyWarmupMs)} rounds unmeasured (${options.latencyWarmupMs / 1000} s)`);
      const { times, samples } = await timeInterleaved(timed, options.fanOutReps);
      // Leaving one by one would send Logbook's leave notices to every remaining member: close them together.
      for (const socket of [...members[0], ...members[1]]) socket.close();
      pushPercentileRows(context, {
        group: REPORT_GROUP,
        scenario: (label) => `${label} time until all ${size} members have a group message, ${topology} (${options.fanOutReps} posts)`,
        names: ['Logbook', 'bare Socket.IO'],
        times,
        samples,
        p99Target: 1.3,
        note: redisUrl
          ? 'Two Logbook nodes on one SQLite file and one Redis (the post is published on one channel every node reads) against two bare servers with @socket.io/redis-adapter; server CPU is both nodes together.'
          : 'Logbook checks the token, the params and the membership, rate-limits the connection, then emits to the group room; the bare relay only emits.',
      });
    }
  } finally {
    for (const socket of open) socket.close();
    await Promise.all([...logbooks.map((l) => l.stop()), ...bares.map((b) => b.child.stop())]);
  }
}
