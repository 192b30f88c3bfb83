/**
 * Realtime messages across nodes: two (then three) Logbook processes on one embedded store and one
 * Redis. Each test checks that every connection received exactly what was addressed to it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { expect } from 'chai';
import { Account, createAccount, expectError, expectOk, ServerRef } from '../helpers/accounts';
import { Redis } from 'ioredis';
import { httpRequest, type Outcome } from '../helpers/callers';
import { connectMessenger, dropConnection, Messenger } from '../helpers/messengers';
import { NodeProcess, redisInstalled, RedisProcess, startNodeProcess, startRedis, within } from '../helpers/processes';

const NODE_TIMEOUT_MS = 1500;
const isNotice = (event: string, cid?: string) => (p: any) => p.type === 'notice' && p.message.event === event && (cid === undefined || p.message.cid === cid);

describe('realtime messages on two nodes sharing a store and Redis', function () {
  this.timeout(60000);
  let redis: RedisProcess;
  let nodeA: NodeProcess;
  let nodeB: NodeProcess;
  let env: Record<string, string>;
  const open: Messenger[] = [];
  const ref = (node: NodeProcess): ServerRef => ({ url: node.url, adminKey: env.ADMIN_KEY });

  before(async function () {
    if (!redisInstalled()) {
      if (process.env.CI === 'true') throw new Error('the realtime cluster suite cannot run under CI: redis-server is not installed');
      console.warn('Skipping the realtime cluster suite: redis-server is not installed.');
      this.skip();
    }
    redis = await startRedis();
    env = {
      REDIS_URL: redis.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      ADMIN_KEY: randomBytes(12).toString('hex'),
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-realtime-cluster-')),
      REALTIME_NODE_TIMEOUT_MS: String(NODE_TIMEOUT_MS),
      RATE_REALTIME_PER_CONNECTION: '200',
      REALTIME_MAX_GROUPS: '5',
    };
    // One after the other: both open the same SQLite file, and the first creates its schema.
    nodeA = await startNodeProcess(env);
    nodeB = await startNodeProcess(env);
  });

  afterEach(() => open.splice(0).forEach((m) => m.socket.close()));
  after(async () => {
    await Promise.all([nodeA?.stop(), nodeB?.stop()]);
    await redis?.stop();
  });

  async function connect(node: NodeProcess, account: Account): Promise<Messenger> {
    const m = await connectMessenger(ref(node), account.username, account.token);
    open.push(m);
    return m;
  }

  /**
   * Makes sure everything sent to these connections so far has arrived: a marker posted to `group`
   * from each node, once received by every member, follows whatever that node sent before it (Redis
   * keeps the order of one publisher, a node delivers its own in order).
   */
  async function settle(group: string, senders: Messenger[], members: Messenger[]): Promise<void> {
    for (const [i, sender] of senders.entries()) {
      const marker = `marker-${i}-${randomBytes(4).toString('hex')}`;
      expectOk(await sender.caller.call('realtime.post', { group, message: marker }));
      await Promise.all(members.filter((m) => m !== sender).map((m) => m.until(1, (p) => p.message === marker)));
    }
  }

  it('members on both nodes talk: notices, group and private messages, presence, none to others', async () => {
    const [alice, bob, carol, dave] = await Promise.all([1, 2, 3, 4].map(() => createAccount(ref(nodeA))));
    const a = await connect(nodeA, alice);
    const b = await connect(nodeB, bob);
    const c1 = await connect(nodeA, carol);
    const c2 = await connect(nodeB, carol);
    const outsider = await connect(nodeB, dave);
    for (const m of [a, b, c1, c2]) expectOk(await m.caller.call('realtime.join', { group: 'team' }));
    expectOk(await outsider.caller.call('realtime.join', { group: 'elsewhere' }));

    const expectedMembers = [a, b, c1, c2].map((m, i) => ({ user: [alice, bob, carol, carol][i].username, cid: m.socket.id! })).sort((x, y) => (x.user + x.cid < y.user + y.cid ? -1 : 1));
    for (const m of [a, b]) expect(expectOk(await m.caller.call('realtime.members', { group: 'team' })).members).to.deep.equal(expectedMembers);

    expectOk(await a.caller.call('realtime.post', { group: 'team', message: { n: 1 } }));
    expectOk(await b.caller.call('realtime.post', { user: carol.username, message: 'for carol' }));
    const httpPost = await httpRequest('POST', `${nodeB.url}/${alice.username}/realtime/post`, { token: alice.token, body: JSON.stringify({ user: bob.username, message: 'over http' }) });
    expect(httpPost.status).to.equal(200);
    await settle('team', [a, b], [a, b, c1, c2]);

    const seen = (m: Messenger) => m.messages().filter((p) => !String(p.message).startsWith('marker-'));
    // joins are told to those already in: a heard 3 joins, b 2, c1 1, c2 0
    // (from two nodes, in no set order)
    expect(seen(a).filter(isNotice('join')).map((p) => p.message.cid).sort()).to.deep.equal([b, c1, c2].map((m) => m.socket.id).sort());
    expect(seen(b).filter(isNotice('join')).map((p) => p.message.cid).sort()).to.deep.equal([c1, c2].map((m) => m.socket.id).sort());
    expect(seen(c2).filter(isNotice('join'))).to.deep.equal([]);
    for (const m of [b, c1, c2]) expect(seen(m).filter((p) => p.type === 'message')).to.deep.equal([{ type: 'message', group: 'team', message: { n: 1 }, sender: alice.username, sender_cid: a.socket.id }]);
    expect(seen(a).filter((p) => p.type === 'message')).to.deep.equal([]);
    for (const m of [c1, c2]) expect(seen(m).filter((p) => p.type === 'private')).to.deep.equal([{ type: 'private', message: 'for carol', sender: bob.username, sender_cid: b.socket.id }]);
    expect(seen(b).filter((p) => p.type === 'private')).to.deep.equal([{ type: 'private', message: 'over http', sender: alice.username, sender_cid: null }]);
    expect(outsider.messages()).to.deep.equal([]);
  });

  it('many connections on both nodes each receive exactly the messages addressed to them', async () => {
    const accounts = await Promise.all([1, 2, 3].map(() => createAccount(ref(nodeA))));
    const conns: { m: Messenger; user: string; groups: string[] }[] = [];
    for (const account of accounts) {
      for (const node of [nodeA, nodeB, nodeB]) {
        const groups = conns.length % 3 === 0 ? ['g1', 'g2'] : conns.length % 3 === 1 ? ['g1'] : ['g2'];
        conns.push({ m: await connect(node, account), user: account.username, groups });
      }
    }
    const joinOrder: [number, string][] = [];
    for (const [i, { m, groups }] of conns.entries()) {
      for (const group of groups) {
        expectOk(await m.caller.call('realtime.join', { group }));
        joinOrder.push([i, group]);
      }
    }
    // presence, asked on either node, is exactly the open connections of each group
    for (const group of ['g1', 'g2']) {
      const expected = conns.filter((c) => c.groups.includes(group)).map((c) => ({ user: c.user, cid: c.m.socket.id })).sort((x, y) => (x.user + x.cid < y.user + y.cid ? -1 : 1));
      for (const asker of [conns[0].m, conns[1].m]) expect(expectOk(await asker.caller.call('realtime.members', { group })).members).to.deep.equal(expected);
    }
    // every connection posts to each of its groups and privately to the next account, all at once
    const sends = conns.flatMap(({ m, groups }, i) => [
      ...groups.map((group) => ({ from: m, body: { group, message: `${group} from ${i}` } })),
      { from: m, body: { user: accounts[(i + 1) % accounts.length].username, message: `dm from ${i}` } },
    ]);
    const outcomes = await Promise.all(sends.map(({ from, body }) => from.caller.call('realtime.post', body)));
    outcomes.forEach((outcome) => expectOk(outcome));
    const g1 = conns.filter((c) => c.groups.includes('g1'));
    const g2 = conns.filter((c) => c.groups.includes('g2'));
    const senders = [conns[0].m, conns[3].m]; // in both groups: one on node A, one on node B
    await settle('g1', senders, g1.map((c) => c.m));
    await settle('g2', senders, g2.map((c) => c.m));
    for (const [i, { m, user, groups }] of conns.entries()) {
      const expected = [
        ...conns.flatMap((other, j) => (j === i ? [] : other.groups.filter((g) => groups.includes(g)).map((g) => `${g} from ${j}`))),
        ...conns.flatMap((other, j) => (j !== i && accounts[(j + 1) % accounts.length].username === user ? [`dm from ${j}`] : [])),
      ].sort();
      const got = m
        .messages()
        .filter((p) => p.type !== 'notice' && !String(p.message).startsWith('marker-'))
        .map((p) => p.message)
        .sort();
      expect(got, `connection ${i}`).to.deep.equal(expected);
      // a join notice from every connection that joined one of its groups after it, and no other
      const joinedAt = (who: number, group: string) => joinOrder.findIndex(([j, g]) => j === who && g === group);
      const expectedNotices = joinOrder
        .filter(([j, g]) => j !== i && groups.includes(g) && joinedAt(j, g) > joinedAt(i, g))
        .map(([j, g]) => `${g} ${conns[j].m.socket.id}`)
        .sort();
      const notices = m
        .messages()
        .filter((p) => p.type === 'notice')
        .map((p) => `${p.group} ${p.message.cid}`)
        .sort();
      expect(notices, `notices of connection ${i}`).to.deep.equal(expectedNotices);
    }
  });

  it('a connection dropped without a goodbye leaves its groups on every node; a reconnect joins again', async () => {
    const [alice, bob] = await Promise.all([createAccount(ref(nodeA)), createAccount(ref(nodeA))]);
    const a = await connect(nodeA, alice);
    const b = await connect(nodeB, bob);
    for (const m of [a, b]) expectOk(await m.caller.call('realtime.join', { group: 'drop' }));
    const bCid = b.socket.id!;
    dropConnection(b);
    await a.until(1, isNotice('leave', bCid));
    expect(expectOk(await a.caller.call('realtime.members', { group: 'drop' })).members).to.deep.equal([{ user: alice.username, cid: a.socket.id }]);
    const again = await connect(nodeB, bob);
    expectOk(await again.caller.call('realtime.join', { group: 'drop' }));
    await a.until(1, isNotice('join', again.socket.id));
    expect(expectOk(await again.caller.call('realtime.members', { group: 'drop' })).members).to.have.length(2);
  });

  it('a killed node’s connections leave presence within the node timeout, and their groups are told', async () => {
    const nodeC = await startNodeProcess(env);
    const [alice, bob] = await Promise.all([createAccount(ref(nodeA)), createAccount(ref(nodeA))]);
    const a = await connect(nodeA, alice);
    const b = await connect(nodeB, alice);
    const doomed = [await connect(nodeC, bob), await connect(nodeC, bob)];
    for (const m of [a, b, ...doomed]) expectOk(await m.caller.call('realtime.join', { group: 'fragile' }));
    expect(expectOk(await a.caller.call('realtime.members', { group: 'fragile' })).members).to.have.length(4);
    const doomedCids = doomed.map((m) => m.socket.id);
    const killedAt = Date.now();
    await nodeC.stop('SIGKILL');
    // Listed no more once silent for the timeout; told within a beat (a third of it) after that.
    for (const m of [a, b]) {
      const leaves = await m.until(2, isNotice('leave'), NODE_TIMEOUT_MS * 3);
      expect(leaves.map((p) => p.message.cid).sort()).to.deep.equal([...doomedCids].sort());
    }
    // The documented bound is the timeout plus a beat; the rest is room for a loaded machine.
    expect(Date.now() - killedAt).to.be.below(NODE_TIMEOUT_MS * 3 + 2000);
    const members = expectOk(await b.caller.call('realtime.members', { group: 'fragile' })).members;
    expect(members.map((m: any) => m.cid).sort()).to.deep.equal([a.socket.id, b.socket.id].sort());
    // the node's clients reconnect elsewhere and carry on
    const back = await connect(nodeB, bob);
    expectOk(await back.caller.call('realtime.join', { group: 'fragile' }));
    expectOk(await back.caller.call('realtime.post', { group: 'fragile', message: 'back' }));
    await a.until(1, (p) => p.message === 'back');
  });

  it('a node stopped with SIGTERM tells its groups and leaves presence at once', async () => {
    const nodeD = await startNodeProcess(env);
    const [alice, bob] = await Promise.all([createAccount(ref(nodeA)), createAccount(ref(nodeA))]);
    const a = await connect(nodeA, alice);
    const leaving = await connect(nodeD, bob);
    for (const m of [a, leaving]) expectOk(await m.caller.call('realtime.join', { group: 'polite' }));
    const cid = leaving.socket.id;
    const redisClient = new Redis(redis.url);
    try {
      const nodesBefore = await redisClient.zcard('logbook:realtime:nodes');
      expect((await nodeD.stop('SIGTERM')).code).to.equal(0);
      // Gone from Redis as it exits, not a node timeout later.
      expect(await redisClient.zcard('logbook:realtime:nodes')).to.equal(nodesBefore - 1);
    } finally {
      redisClient.disconnect();
    }
    await a.until(1, isNotice('leave', cid));
    expect(expectOk(await a.caller.call('realtime.members', { group: 'polite' })).members).to.deep.equal([{ user: alice.username, cid: a.socket.id }]);
  });

  it('floods are refused with too-many-requests on every node, and both stay up', async () => {
    const [alice, bob] = await Promise.all([createAccount(ref(nodeA)), createAccount(ref(nodeA))]);
    const flooder = await connect(nodeB, alice);
    const target = await connect(nodeA, bob);
    const outcomes = await Promise.all(Array.from({ length: 300 }, (_, i) => flooder.caller.call('realtime.post', { user: bob.username, message: i })));
    const refused = outcomes.filter((o) => o.error);
    expect(refused.length).to.equal(100);
    refused.forEach((o) => expectError(o, 'too-many-requests'));
    await within(target.until(200, (p) => p.type === 'private'), 10000, '200 private messages');
    // concurrent joins waiting on Redis together still stop at the bound
    const joins = await Promise.all(Array.from({ length: 20 }, (_, i) => target.caller.call('realtime.join', { group: `crowd-${i}` })));
    expect(joins.filter((o) => !o.error)).to.have.length(5);
    expect(expectOk(await target.caller.call('realtime.groups', {})).groups).to.have.length(5);
    for (const node of [nodeA, nodeB]) expect((await httpRequest('GET', `${node.url}/health`, {})).status).to.equal(200);
  });

  it('a node started while Redis is away serves, answers api-unavailable, and joins the others when Redis comes', async () => {
    const lateRedis = await startRedis();
    await lateRedis.stop();
    const lonely = await startNodeProcess({ ...env, REDIS_URL: lateRedis.url });
    try {
      const alice = await createAccount(ref(lonely));
      const a = await connect(lonely, alice);
      expectError(await a.caller.call('realtime.join', { group: 'later' }), 'api-unavailable');
      await lateRedis.start();
      await untilOutcome(() => a.caller.call('realtime.join', { group: 'later' }), (o) => !o.error);
      const other = await connect(lonely, alice);
      expectOk(await other.caller.call('realtime.post', { user: alice.username, message: 'redis is here' }));
      await a.until(1, (p) => p.message === 'redis is here');
    } finally {
      await lonely.stop();
      await lateRedis.stop();
    }
  });

  // Last: it restarts Redis, which loses every key (no persistence), as a crashed Redis would.
  it('a Redis outage refuses posts and joins with api-unavailable, and presence comes back by itself', async () => {
    const [alice, bob] = await Promise.all([createAccount(ref(nodeA)), createAccount(ref(nodeA))]);
    const a = await connect(nodeA, alice);
    const b = await connect(nodeB, bob);
    for (const m of [a, b]) expectOk(await m.caller.call('realtime.join', { group: 'sturdy' }));
    await redis.stop();
    await untilOutcome(() => a.caller.call('realtime.post', { group: 'sturdy', message: 'lost?' }), (o) => o.error?.id === 'api-unavailable');
    expectError(await b.caller.call('realtime.join', { group: 'new' }), 'api-unavailable');
    await settleLocally(a);
    expect(b.messages().filter((p) => p.type === 'message')).to.deep.equal([]);
    await redis.start();
    const both = [{ user: alice.username, cid: a.socket.id }, { user: bob.username, cid: b.socket.id }].sort((x, y) => (x.user < y.user ? -1 : 1));
    await untilOutcome(() => a.caller.call('realtime.members', { group: 'sturdy' }), (o) => isDeepStrictEqual(o.result?.members, both), 15000);
    await untilOutcome(() => b.caller.call('realtime.post', { group: 'sturdy', message: 'back' }), (o) => !o.error, 15000);
    await a.until(1, (p) => p.message === 'back');
  });
});

/**
 * Polls with a call every 100 ms until its outcome satisfies `done`, for at most `timeoutMs`: the
 * interval keeps the polling within the realtime rate limit; the deadline is what bounds the wait.
 */
async function untilOutcome(call: () => Promise<Outcome>, done: (outcome: Outcome) => boolean, timeoutMs = 10000): Promise<Outcome> {
  const deadline = Date.now() + timeoutMs;
  let last: Outcome | null = null;
  while (Date.now() < deadline) {
    last = await call();
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no such outcome within ${timeoutMs} ms; last ${JSON.stringify(last)}`);
}

/** A round trip on the connection: what its node sent it before has arrived. */
async function settleLocally(m: Messenger): Promise<void> {
  expectOk(await m.caller.call('getAccessInfo', {}));
}
