/**
 * Fan-out: N sockets of one account connected; one `{cid}.events.create` from another socket; the
 * time until the last of the N has its `eventsChanged`, versus a bare Socket.IO room broadcast to N
 * sockets (triggered the same way, by an acked event). p50 and p99 over the repetitions.
 */
import { startServerScript } from '../lib/baseline';
import { makeTempDir, SERVER_CORE } from '../lib/children';
import type { BenchContext } from '../lib/context';
import { createAccount, createChannel, inBatches, startLogbook } from '../lib/logbook';
import { pushPercentileRows, timeInterleaved, warmUp } from '../lib/latency-rows';
import { SioWireClient } from '../lib/sio-wire-client';

const USERNAME = 'bench-fanout';
const CHANNEL = 'fanout';
const GROUP = 'Fan-out';
const TIMEOUT_MS = 15_000;

interface FanOutSystem {
  name: string;
  url: string;
  pid: number;
  auth: Record<string, unknown>;
  trigger: (socket: SioWireClient) => Promise<unknown>;
}

/** One notification: resolves with ms from the trigger's send to the last listener's receipt. */
function timeOne(system: FanOutSystem, triggerSocket: SioWireClient, listeners: SioWireClient[]): Promise<number> {
  return new Promise((resolve, reject) => {
    let remaining = listeners.length;
    const timer = setTimeout(() => reject(new Error(`${system.name}: ${remaining} of ${listeners.length} sockets never got eventsChanged`)), TIMEOUT_MS);
    const t0 = performance.now();
    for (const listener of listeners) {
      // A prefix test instead of JSON.parse: the client's cost per notification stays tiny and equal on both sides.
      listener.rawListener = (packet) => {
        if (!packet.includes('"eventsChanged"')) return;
        listener.rawListener = null;
        if (--remaining === 0) {
          clearTimeout(timer);
          resolve(performance.now() - t0);
        }
      };
    }
    system.trigger(triggerSocket).catch(reject);
  });
}

export async function runFanOut(context: BenchContext): Promise<void> {
  const { options, log } = context;
  const logbook = await startLogbook(context, { name: 'logbook-fanout', dataDir: makeTempDir('fanout'), mongodbUrl: null, core: SERVER_CORE });
  const bare = await startServerScript(context, 'bare-socketio-fanout', 'baselines/bare-socketio.js', { env: { BENCH_NAMESPACE: `/${USERNAME}` }, core: SERVER_CORE });
  const open: SioWireClient[] = [];
  try {
    const account = await createAccount(context, logbook.url, USERNAME);
    await createChannel(logbook.url, account, CHANNEL);
    const systems: FanOutSystem[] = [
      { name: 'Logbook', url: logbook.url, pid: logbook.child.pid, auth: { token: account.token }, trigger: (socket) => socket.command(`${CHANNEL}.events.create`, { type: 'note/txt', content: 'fan-out' }) },
      { name: 'bare Socket.IO', url: bare.url, pid: bare.child.pid, auth: {}, trigger: (socket) => socket.emitWithAck('broadcast', {}) },
    ];
    const connect = async (system: FanOutSystem, count: number) => {
      const sockets = await inBatches(count, 100, () => SioWireClient.connect(system.url, `/${USERNAME}`, system.auth));
      open.push(...sockets);
      return sockets;
    };
    const triggers = await Promise.all(systems.map((system) => connect(system, 1)));

    for (const size of options.fanOutSizes) {
      log(`  one write, ${size} sockets listening; ${options.fanOutReps} repetitions per system, interleaved`);
      const listeners = [await connect(systems[0], size), await connect(systems[1], size)];
      const timed = systems.map((system, s) => ({ name: system.name, pids: [system.pid], timeOne: () => timeOne(system, triggers[s][0], listeners[s]) }));
      log(`  ${await warmUp(timed, options.latencyWarmupMs)} rounds unmeasured (${options.latencyWarmupMs / 1000} s)`);
      const { times, samples } = await timeInterleaved(timed, options.fanOutReps);
      for (const socket of [...listeners[0], ...listeners[1]]) socket.close();
      pushPercentileRows(context, {
        group: GROUP,
        scenario: (label) => `${label} time until all ${size} sockets have eventsChanged (${options.fanOutReps} writes)`,
        names: ['Logbook', 'bare Socket.IO'],
        times,
        samples,
        p99Target: 1.3,
        note: 'Logbook\'s time includes the write itself (event insert and change-seq claim in the embedded store) before the broadcast; the bare server only broadcasts.',
      });
    }
  } finally {
    for (const socket of open) socket.close();
    await Promise.all([logbook.stop(), bare.child.stop()]);
  }
}
