/**
 * SIGTERM is graceful and bounded: a real `node dist/src/main.js` answers every socket call in flight
 * (done, or refused with api-unavailable once it stopped taking work) before it exits, and exits
 * within SHUTDOWN_TIMEOUT even when Redis is gone. Waits are for events with timeouts, never sleeps.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { io, Socket } from 'socket.io-client';
import { uniqueUsername } from './helpers/accounts';
import { httpRequest } from './helpers/callers';
import { exited, NodeProcess, redisInstalled, RedisProcess, startNodeProcess, startRedis, within } from './helpers/processes';

const dirs: string[] = [];
const nodes: NodeProcess[] = [];
const redises: RedisProcess[] = [];

after(async () => {
  await Promise.all(nodes.splice(0).map((node) => node.stop('SIGKILL')));
  await Promise.all(redises.splice(0).map((redis) => redis.stop()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function start(env: Record<string, string> = {}): Promise<{ node: NodeProcess; adminKey: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-shutdown-'));
  dirs.push(dataDir);
  const adminKey = randomBytes(12).toString('hex');
  const node = await startNodeProcess({ DATA_DIR: dataDir, ADMIN_KEY: adminKey, ...env });
  nodes.push(node);
  return { node, adminKey };
}

describe('SIGTERM', function () {
  this.timeout(30000);

  it('answers every socket call in flight, then exits with code 0', async () => {
    // Concurrent logins of one account are rate limited by default: off here, they are only slow work.
    const { node, adminKey } = await start({ LOGIN_FAILURES_PER_ACCOUNT: '0' });
    const username = uniqueUsername('drain');
    const password = `pw-${randomBytes(6).toString('hex')}`;
    expect((await httpRequest('POST', `${node.url}/users`, { token: adminKey, body: JSON.stringify({ username, password }) })).status).to.equal(201);
    const { token } = (await httpRequest('POST', `${node.url}/${username}/auth/login`, { body: JSON.stringify({ username, password, appId: 'tests' }) })).result;
    const socket: Socket = io(`${node.url}/${username}`, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
    await within(new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject)), 5000, 'socket connection');

    // Logins hash a password (tens of ms each): many are still running when the signal comes.
    const login = { id: 'auth.login', params: { username, password, appId: 'in-flight' } };
    const answers = Array.from({ length: 24 }, () => new Promise<{ error: { id: string } | null }>((resolve) => socket.emit('command', login, (error: { id: string } | null) => resolve({ error }))));
    await answers[0];
    node.child.kill('SIGTERM');
    const settled = await within(Promise.all(answers), 10000, 'an answer to every call in flight');
    for (const { error } of settled) if (error) expect(error.id).to.equal('api-unavailable');
    expect(settled.filter(({ error }) => error === null).length).to.be.greaterThan(1);
    expect(await exited(node.child)).to.deep.equal({ code: 0, signal: null });
    socket.close();
  });

  it('exits within SHUTDOWN_TIMEOUT while its Redis is gone', async function () {
    if (!redisInstalled()) {
      if (process.env.CI === 'true') throw new Error('redis-server is required under CI');
      this.skip();
    }
    const redis = await startRedis();
    redises.push(redis);
    const { node } = await start({ REDIS_URL: redis.url, SHUTDOWN_TIMEOUT: '3' });
    await redis.stop();
    const started = Date.now();
    node.child.kill('SIGTERM');
    const { code } = await exited(node.child, 8000);
    expect(code).to.be.oneOf([0, 1]);
    expect(Date.now() - started).to.be.below(6000);
  });
});
