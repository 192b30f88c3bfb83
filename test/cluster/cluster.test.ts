import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Socket } from 'socket.io-client';
import { Account, connectError, connectSocket, createAccount, expectOk, nextEvent, recordEvents, ServerRef } from '../helpers/accounts';
import { backends } from '../helpers/backends';
import { httpCaller, httpRequest } from '../helpers/callers';
import { NodeProcess, redisInstalled, RedisProcess, runWorkerCall, startNodeProcess, startRedis, within } from '../helpers/processes';

const mongo = backends.find((backend) => backend.name === 'mongodb');

/** Waits until `received` holds `count` items (polling on each arrival, never sleeping blindly). */
async function untilCount<T>(socket: Socket, event: string, received: T[], count: number, timeoutMs = 5000): Promise<void> {
  while (received.length < count) await within(new Promise((resolve) => socket.once(event, resolve)), timeoutMs, `${count} "${event}" (have ${received.length})`);
}

describe('two nodes on one database and one Redis', function () {
  this.timeout(60000);
  let redis: RedisProcess;
  let nodeA: NodeProcess;
  let nodeB: NodeProcess;
  let env: Record<string, string>;
  const sockets: Socket[] = [];
  const ref = (node: NodeProcess): ServerRef => ({ url: node.url, adminKey: env.ADMIN_KEY });

  before(async function () {
    const missing = [!mongo && 'MONGODB_URL is not set', !redisInstalled() && 'redis-server is not installed'].filter(Boolean);
    if (missing.length > 0) {
      if (process.env.CI === 'true') throw new Error(`the cluster suite cannot run under CI: ${missing.join(', ')}`);
      console.warn(`Skipping the cluster suite: ${missing.join(', ')}.`);
      this.skip();
    }
    redis = await startRedis();
    env = {
      MONGODB_URL: mongo!.freshMongoUrl()!,
      REDIS_URL: redis.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      ADMIN_KEY: randomBytes(12).toString('hex'),
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-cluster-')),
      // Small enough for the test of limits across nodes; no other test fails a login.
      LOGIN_FAILURES_PER_ACCOUNT: '3',
    };
    [nodeA, nodeB] = await Promise.all([startNodeProcess(env), startNodeProcess(env)]);
  });

  after(async () => {
    sockets.forEach((socket) => socket.close());
    await Promise.all([nodeA?.stop(), nodeB?.stop()]);
    await redis?.stop();
  });

  async function open(node: NodeProcess, account: Pick<Account, 'username' | 'token'>): Promise<Socket> {
    const socket = await connectSocket(ref(node), account.username, account.token);
    sockets.push(socket);
    return socket;
  }

  it('a write through node A reaches the sockets of that account on node B, and no other account', async () => {
    const alice = await createAccount(ref(nodeA));
    const bob = await createAccount(ref(nodeA));
    const onB = await open(nodeB, alice);
    const bobOnB = await open(nodeB, bob);
    const bobSeen = recordEvents(bobOnB, 'channelsChanged');
    const changed = nextEvent<{ seq: number }>(onB, 'channelsChanged');
    expectOk(await httpCaller(nodeA.url, alice.username, alice.token).call('channels.create', { name: 'Across' }));
    expect((await changed).seq).to.be.a('number');
    // a round trip through node A then B: anything sent to Bob's socket by now would have arrived
    expectOk(await httpCaller(nodeA.url, bob.username, bob.token).call('channels.create', { name: 'Own' }));
    await untilCount(bobOnB, 'channelsChanged', bobSeen, 1);
    expect(bobSeen).to.have.length(1);
  });

  it('ending an access on node A disconnects its sockets on node B within a second', async () => {
    const alice = await createAccount(ref(nodeA));
    const login = await httpRequest('POST', `${nodeA.url}/${alice.username}/auth/login`, { body: JSON.stringify({ username: alice.username, password: alice.password, appId: 'phone' }) });
    const phone = { username: alice.username, token: login.result.token as string };
    const onB = await open(nodeB, phone);
    const keeper = await open(nodeB, alice);
    const phoneOnB = httpCaller(nodeB.url, alice.username, phone.token);
    expectOk(await phoneOnB.call('getAccessInfo')); // node B now remembers the token as checked
    const disconnected = nextEvent(onB, 'disconnect', 1000);
    const loggedOut = Date.now();
    expectOk(await httpCaller(nodeA.url, alice.username, phone.token).call('auth.logout'));
    expect(await disconnected).to.equal('io server disconnect');
    expect(keeper.connected).to.equal(true);
    expect((await connectError(ref(nodeB), alice.username, phone.token)).id).to.equal('invalid-access-token');
    // Calls on node B stop too: at once when Redis relays the logout, at worst when B re-reads the access.
    while ((await phoneOnB.call('getAccessInfo')).error?.id !== 'invalid-access-token') {
      expect(Date.now() - loggedOut, 'node B still accepts the revoked token').to.be.below(1500);
    }
  });

  it('a socket on the root namespace of node B (API key) hears setData written through node A, in seq order, and is disconnected when its access is deleted there', async () => {
    const alice = await createAccount(ref(nodeA));
    const owner = httpCaller(nodeA.url, alice.username, alice.token);
    expectOk(await owner.call('channels.create', { id: 'home', name: 'Home' }));
    expectOk(await owner.call('channels.create', { id: 'work', name: 'Work' }));
    const { access } = expectOk(await owner.call('accesses.create', { name: 'dashboard', type: 'app', permissions: [{ channelId: 'home', level: 'read' }] }));
    const { io } = await import('socket.io-client');
    const root = io(nodeB.url, { auth: { apiKey: access.token }, transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(root);
    await within(new Promise<void>((resolve, reject) => (root.once('connect', () => resolve()), root.once('connect_error', reject))), 5000, 'the root socket to connect');
    const set = recordEvents<{ key: string; channelId: string; seq: number }>(root, 'setData');
    for (let i = 0; i < 5; i++) {
      expectOk(await owner.call('work.values.set', { key: `w${i}`, value: i }));
      expectOk(await owner.call('home.values.set', { key: `h${i}`, value: i }));
    }
    await untilCount(root, 'setData', set, 5);
    expect(set.map((data) => [data.channelId, data.key])).to.deep.equal([0, 1, 2, 3, 4].map((i) => ['home', `h${i}`]));
    const seqs = set.map((data) => data.seq);
    expect(seqs).to.deep.equal([...seqs].sort((a, b) => a - b));
    const disconnected = nextEvent(root, 'disconnect', 2000);
    expectOk(await owner.call('accesses.delete', { id: access.id }));
    expect(await disconnected).to.equal('io server disconnect');
  });

  it('concurrent writers on both nodes get unique, gap-free seqs and every socket hears each one once', async () => {
    const alice = await createAccount(ref(nodeA));
    const listeners = [await open(nodeA, alice), await open(nodeB, alice)];
    const heard = listeners.map((socket) => recordEvents<{ seq: number }>(socket, 'channelsChanged'));
    const perNode = 15;
    await Promise.all(
      [nodeA, nodeB].flatMap((node, n) =>
        Array.from({ length: perNode }, (_, i) => httpCaller(node.url, alice.username, alice.token).call('channels.create', { name: `c-${n}-${i}` }).then((o) => expectOk(o))),
      ),
    );
    const { changes, lastSeq } = expectOk(await httpCaller(nodeB.url, alice.username, alice.token).call('changes.get', { since: 0 }));
    const seqs = changes.map((c: { seq: number }) => c.seq);
    expect(seqs).to.deep.equal(Array.from({ length: lastSeq }, (_, i) => i + 1));
    const channelSeqs = changes.filter((c: { kind: string }) => c.kind === 'channels').map((c: { seq: number }) => c.seq);
    expect(channelSeqs).to.have.length(2 * perNode);
    for (const [i, socket] of listeners.entries()) {
      await untilCount(socket, 'channelsChanged', heard[i], 2 * perNode);
      expect(heard[i].map((e) => e.seq).sort((a, b) => a - b)).to.deep.equal(channelSeqs);
    }
  });

  it('with writers and sockets on both nodes, each socket receives exactly the seqs it may read, in increasing order, each once', async () => {
    this.timeout(120000);
    const alice = await createAccount(ref(nodeA));
    const owner = httpCaller(nodeA.url, alice.username, alice.token);
    expectOk(await owner.call('channels.create', { id: 'beta', name: 'Beta', enforceNoEventsOverlap: false }));
    for (const id of ['f', 'g']) expectOk(await owner.call('beta.folders.create', { id, name: id }), 201);
    const { access } = expectOk(await owner.call('accesses.create', { name: 'f reader', permissions: [{ channelId: 'beta', folderId: 'f', level: 'read' }] }), 201);
    const readers = [alice, { username: alice.username, token: access.token as string }];
    const names = ['channelsChanged', 'foldersChanged', 'eventsChanged', 'accessesChanged'];
    const listeners = await Promise.all(readers.flatMap((reader) => [nodeA, nodeB].map(async (node) => ({ reader, node, socket: await open(node, reader) }))));
    const heard = listeners.map(({ socket }) => {
      const seqs: number[] = [];
      for (const name of names) socket.on(name, ({ seq }: { seq: number }) => seqs.push(seq));
      return seqs;
    });
    const { lastSeq: start } = expectOk(await owner.call('changes.get', { since: 1e9 }));
    // Writers on both nodes at once, events in f (read by both) and g (by the owner only), and channels.
    const perWriter = 100;
    await Promise.all(
      [nodeA, nodeB].flatMap((node, n) =>
        Array.from({ length: 6 }, async (_, w) => {
          const api = httpCaller(node.url, alice.username, alice.token);
          for (let i = 0; i < perWriter; i++) {
            const write = i % 10 === 9 ? api.call('channels.create', { name: `c-${n}-${w}-${i}` }) : api.call('beta.events.create', { folderId: i % 2 ? 'f' : 'g', type: 'note/txt' });
            expectOk(await write);
          }
        }),
      ),
    );
    for (const [i, { reader, node, socket }] of listeners.entries()) {
      // What this access may read since the start, paged from the log.
      const expected: number[] = [];
      const api = httpCaller(node.url, reader.username, reader.token);
      for (let since = start, more = true; more; ) {
        const { changes, lastSeq } = expectOk(await api.call('changes.get', { since, limit: 1000 }));
        expected.push(...changes.map((c: { seq: number }) => c.seq));
        since = changes.length ? changes[changes.length - 1].seq : lastSeq;
        more = changes.length > 0;
      }
      // Waits for each arrival until all came (or the assertions below say what is missing).
      await within(
        (async () => {
          while (heard[i].length < expected.length) {
            await new Promise<void>((resolve) => {
              const arrived = (): void => {
                socket.offAny(arrived);
                resolve();
              };
              socket.onAny(arrived);
            });
          }
        })(),
        10000,
        `all ${expected.length} notifications on socket ${i}`,
      ).catch(() => null);
      const backwards = heard[i].filter((seq, k) => k > 0 && seq <= heard[i][k - 1]).length;
      expect(backwards, `socket ${i} received ${backwards} seqs out of order or twice`).to.equal(0);
      expect(heard[i]).to.deep.equal(expected);
    }
  });

  it('failed logins of an account are counted across nodes (Redis): after the allowed failures on node A, node B refuses with 429', async () => {
    const alice = await createAccount(ref(nodeA));
    const login = (node: NodeProcess, password: string) =>
      httpRequest('POST', `${node.url}/${alice.username}/auth/login`, { body: JSON.stringify({ username: alice.username, password, appId: 'x' }) });
    for (let i = 0; i < 3; i++) expect((await login(nodeA, 'wrong')).error?.id).to.equal('invalid-credentials');
    // The first attempt past the free ones runs (and takes the lock); on one node alone it would be free.
    expect((await login(nodeB, 'wrong')).error?.id).to.equal('invalid-credentials');
    const refused = await login(nodeB, alice.password);
    expect([refused.status, refused.error?.id]).to.deep.equal([429, 'too-many-requests']);
    expect(refused.error!.data.retryAfter).to.be.at.least(1);
  });

  it('a client that was offline catches up exactly through changes.get', async () => {
    const alice = await createAccount(ref(nodeA));
    const api = httpCaller(nodeA.url, alice.username, alice.token);
    const socket = await open(nodeB, alice);
    const first = nextEvent<{ seq: number }>(socket, 'channelsChanged');
    expectOk(await api.call('channels.create', { id: 'seen', name: 'Seen' }));
    const lastSeen = (await first).seq;
    socket.disconnect();
    for (const id of ['m1', 'm2', 'm3']) expectOk(await api.call('channels.create', { id, name: id }));
    expectOk(await api.call('channels.update', { id: 'm1', update: { name: 'M1' } }));
    const back = await open(nodeB, alice);
    const { changes, lastSeq } = expectOk(await httpCaller(nodeB.url, alice.username, alice.token).call('changes.get', { since: lastSeen }));
    expect(changes.map((c: { seq: number }) => c.seq)).to.deep.equal([lastSeen + 1, lastSeen + 2, lastSeen + 3, lastSeen + 4]);
    expect(changes.map((c: { ids: string[]; action: string }) => `${c.action}:${c.ids.join()}`)).to.deep.equal(['created:m1', 'created:m2', 'created:m3', 'updated:m1']);
    expect(lastSeq).to.equal(lastSeen + 4);
    expect(back.connected).to.equal(true);
  });

  it('a channel or folder changed on node A is seen at once on node B, which had kept it', async () => {
    const alice = await createAccount(ref(nodeA));
    const [apiA, apiB] = [httpCaller(nodeA.url, alice.username, alice.token), httpCaller(nodeB.url, alice.username, alice.token)];
    expectOk(await apiA.call('channels.create', { id: 'kept', name: 'Kept', enforceNoEventsOverlap: false }));
    // Node B reads (and keeps) the channel and its tree.
    expectOk(await apiB.call('kept.events.create', { type: 'note/txt' }));
    // A folder made on A is usable through B right away: a kept tree lacking a named folder is read again.
    expectOk(await apiA.call('kept.folders.create', { id: 'fresh', name: 'Fresh' }));
    expectOk(await apiB.call('kept.events.create', { folderId: 'fresh', type: 'note/txt' }));
    // A change to the channel on A reaches B's cache through Redis: B soon refuses what A now forbids.
    expectOk(await apiA.call('kept.folders.delete', { id: 'fresh' }));
    await within(
      (async () => {
        while ((await apiB.call('kept.events.create', { folderId: 'fresh', type: 'note/txt' })).error?.id !== 'invalid-operation') await new Promise((resolve) => setImmediate(resolve));
      })(),
      // At once when node B heard Redis; at worst when its kept tree runs out (10 s), if it missed the message.
      15000,
      'node B sees the folder in the trash',
    );
  });

  it('a worker process that serves no sockets notifies the sockets of both nodes through Redis', async () => {
    const alice = await createAccount(ref(nodeA));
    const [onA, onB] = [await open(nodeA, alice), await open(nodeB, alice)];
    const heard = [nextEvent<{ seq: number }>(onA, 'channelsChanged'), nextEvent<{ seq: number }>(onB, 'channelsChanged')];
    const output = runWorkerCall(env, ['--user', alice.username, '--token', alice.token, '--method', 'channels.create', '--params', JSON.stringify({ name: 'From worker' })]) as { channel: { name: string } };
    expect(output.channel.name).to.equal('From worker');
    const [a, b] = await Promise.all(heard);
    expect(a.seq).to.equal(b.seq);
  });

  it('a Redis outage keeps both nodes serving and storing; cross-node notifications resume when Redis returns', async () => {
    const alice = await createAccount(ref(nodeA));
    const apiA = httpCaller(nodeA.url, alice.username, alice.token);
    const [onA, onB] = [await open(nodeA, alice), await open(nodeB, alice)];
    await redis.stop();
    const local = nextEvent<{ seq: number }>(onA, 'channelsChanged');
    expectOk(await apiA.call('channels.create', { id: 'during', name: 'During outage' }));
    expect((await local).seq).to.be.a('number');
    const { channels } = expectOk(await httpCaller(nodeB.url, alice.username, alice.token).call('channels.get'));
    expect(channels.map((c: { id: string }) => c.id)).to.include('during');

    await redis.start();
    for (const node of [nodeA, nodeB]) {
      await within(
        (async () => {
          while ((await httpRequest('GET', `${node.url}/health`)).result?.redis !== 'ready') await new Promise((resolve) => setImmediate(resolve));
        })(),
        15000,
        'Redis ready on both nodes',
      );
    }
    // Resubscription completes shortly after "ready": write until node B hears one, each wait bounded.
    let heard = false;
    for (let attempt = 0; attempt < 20 && !heard; attempt++) {
      const arrival = nextEvent(onB, 'channelsChanged', 500).then(() => true, () => false);
      expectOk(await apiA.call('channels.create', { name: `after-${attempt}` }));
      heard = await arrival;
    }
    expect(heard, 'node B heard a write made on node A after Redis returned').to.equal(true);
  });
});
