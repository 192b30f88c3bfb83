/**
 * Where each limit is counted with REDIS_URL: the limits of one socket in memory on its node (exact,
 * since a socket lives on one node, and no Redis round trip), the limits an access's calls share
 * across nodes in Redis. Against a real redis-server.
 */
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { ApiError } from '../../src/errors';
import { connectLimitsRedis, RateLimits, type RateLimitConfig } from '../../src/limits/rate-limits';
import { redisInstalled, RedisProcess, startRedis } from '../helpers/processes';

const CONFIG: RateLimitConfig = {
  rateWindowSeconds: 60,
  rateCallsPerAccess: 3,
  rateCommandsPerSocket: 3,
  rateConnectionsPerIp: 3,
  rateRealtimePerConnection: 3,
  loginFailuresPerAccount: 3,
  loginFailuresPerIp: 10,
  loginMaxDelaySeconds: 60,
};

/** The error `run` throws at once (not through a promise), or null when it throws none. */
function thrownAtOnce(run: () => unknown): unknown {
  try {
    run();
    return null;
  } catch (error) {
    return error;
  }
}

describe('rate limits with Redis', function () {
  let redis: RedisProcess;
  let client: Redis;
  let reader: Redis;
  before(async function () {
    if (!redisInstalled()) {
      if (process.env.CI === 'true') throw new Error('redis-server is not installed');
      this.skip();
    }
    redis = await startRedis();
    client = connectLimitsRedis(redis.url);
    reader = new Redis(redis.url);
    await reader.ping();
  });
  after(async () => {
    client?.disconnect();
    reader?.disconnect();
    await redis?.stop();
  });

  const keys = () => reader.keys('rl:*');

  it("counts a socket's commands and realtime calls in memory: refused at once past the limit, nothing in Redis", async () => {
    await reader.flushall();
    const limits = new RateLimits(CONFIG, client);
    for (let i = 0; i < 3; i++) {
      expect(thrownAtOnce(() => limits.consumeCommand('socket-1'))).to.equal(null);
      expect(limits.consumeRealtime({ cid: 'socket-1' })).to.equal(undefined);
    }
    const command = thrownAtOnce(() => limits.consumeCommand('socket-1'));
    const realtime = thrownAtOnce(() => limits.consumeRealtime({ cid: 'socket-1' }));
    for (const error of [command, realtime]) {
      expect(error).to.be.instanceOf(ApiError);
      expect((error as ApiError).id).to.equal('too-many-requests');
      expect(((error as ApiError).data as { retryAfter: number }).retryAfter).to.be.within(1, 60);
    }
    // Another socket has its own count.
    expect(thrownAtOnce(() => limits.consumeCommand('socket-2'))).to.equal(null);
    expect(await keys()).to.deep.equal([]);
  });

  it("counts an access's calls and its realtime calls over HTTP in Redis, so that every node shares the count", async () => {
    await reader.flushall();
    const [nodeA, nodeB] = [new RateLimits(CONFIG, client), new RateLimits(CONFIG, client)];
    await nodeA.consumeCall('access-1');
    await nodeB.consumeCall('access-1');
    await nodeA.consumeCall('access-1');
    const refused = await Promise.resolve(nodeB.consumeCall('access-1')).catch((error: unknown) => error);
    expect((refused as ApiError).id).to.equal('too-many-requests');
    await nodeA.consumeRealtime({ accessId: 'access-1' });
    expect((await keys()).sort()).to.deep.equal(['rl:calls:access-1', 'rl:realtime:access-1']);
  });
});
