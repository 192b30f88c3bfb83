import { expect } from 'chai';
import { Redis } from 'ioredis';
import { expectOk } from '../helpers/accounts';
import { backends } from '../helpers/backends';
import { httpRequest } from '../helpers/callers';
import { redisInstalled, startRedis, RedisProcess } from '../helpers/processes';
import { startServer, TestServer } from '../helpers/test-server';

describe('Redis subscriptions at start', function () {
  this.timeout(60000);
  let redis: RedisProcess;
  let admin: Redis;
  const servers: TestServer[] = [];
  before(async function () {
    if (!redisInstalled()) this.skip();
    redis = await startRedis();
    admin = new Redis(redis.url);
  });
  after(async () => {
    await Promise.all(servers.map((server) => server.close()));
    admin?.disconnect();
    await redis?.stop();
  });

  it('every node of twenty started in a row has its pattern subscription in place when it listens, and /health says ready', async () => {
    for (let i = 0; i < 20; i++) {
      servers.push(await startServer(backends[0], { redisUrl: redis.url }));
      // One pattern per node: the root namespace's adapter (account namespaces add theirs when used).
      // NUMPAT counts unique patterns, which every node shares: count the clients holding one instead.
      const clients = String(await admin.call('CLIENT', 'LIST')).split('\n').filter((line) => / psub=[1-9]/.test(line));
      expect(clients, `node ${i}`).to.have.length(i + 1);
      expect(expectOk(await httpRequest('GET', `${servers[i].url}/health`)).redis).to.equal('ready');
    }
  });
});
