/**
 * Realtime across nodes through Redis. Presence: one hash per group (`cid` → `[node, user]`) and one
 * set per node of what it recorded, so that the node's memberships can be removed when it dies. Each
 * node beats in a sorted set every third of REALTIME_NODE_TIMEOUT_MS (Redis' own clock scores it); a
 * node silent longer is dead: listings skip its members at once, and the first node to claim it
 * (ZREM, which only one node wins) removes them and tells their groups they left. Deliveries are
 * published on one channel that every node reads, each delivering to its own connections.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { whenReady } from '../redis-bus';
import { ApiError } from '../../errors';
import type { MembershipHost, RealtimeNetwork } from './realtime-hub';
import { type Delivery, type Member, noticeDelivery } from './realtime-types';

const PREFIX = 'logbook:realtime:';
const NODES = `${PREFIX}nodes`;
const CHANNEL = `${PREFIX}deliveries`;
const groupKey = (group: string) => `${PREFIX}group:${group}`;
const nodeKey = (node: string) => `${PREFIX}node:${node}`;

/** Redis' clock in ms, so that nodes with skewed clocks agree on who is silent. */
const NOW = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;
/** Beats for ARGV[1]; answers whether it was absent (first beat, or removed as dead) and the nodes silent longer than ARGV[2] ms. */
const BEAT = `${NOW} local added = redis.call('ZADD', KEYS[1], now, ARGV[1]) return {added, redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))}`;
/** The members of group KEYS[1] whose node beat within ARGV[1] ms, flattened `cid, user, ...`. */
const LIVE_MEMBERS = `${NOW}
local entries = redis.call('HGETALL', KEYS[1]) local live = {}
for i = 1, #entries, 2 do
  local value = cjson.decode(entries[i + 1]) local seen = redis.call('ZSCORE', KEYS[2], value[1])
  if seen and tonumber(seen) >= now - tonumber(ARGV[1]) then live[#live + 1] = entries[i] live[#live + 1] = value[2] end
end
return live`;

type Commands = Redis & {
  beat(nodes: string, node: string, timeoutMs: number): Promise<[number, string[]]>;
  liveMembers(group: string, nodes: string, timeoutMs: number): Promise<string[]>;
};

export interface RedisNetworkOptions {
  url: string;
  /** How long a node may stay silent before its connections leave presence. */
  nodeTimeoutMs: number;
  logger: Logger;
}

/** How long a start waits for Redis before going on without it (it keeps reconnecting meanwhile). */
const READY_TIMEOUT_MS = 5000;

/**
 * Connects, subscribes and beats once before answering, so that the node is present when it serves.
 * A Redis that is away does not stop the start: the node serves its own connections, refuses what
 * needs Redis with `api-unavailable`, and registers at its first beat once Redis is back.
 */
export async function connectRedisNetwork(host: MembershipHost, { url, nodeTimeoutMs, logger }: RedisNetworkOptions): Promise<RealtimeNetwork> {
  // Commands fail at once while Redis is away (callers get api-unavailable), and never wait long.
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 2000 }) as Commands;
  // The subscription is queued while Redis is away, and made again after each reconnection.
  const subscriber = new Redis(url, { maxRetriesPerRequest: null });
  redis.defineCommand('beat', { numberOfKeys: 1, lua: BEAT });
  redis.defineCommand('liveMembers', { numberOfKeys: 2, lua: LIVE_MEMBERS });
  const node = randomBytes(9).toString('base64url');
  const network = new RedisNetwork(redis, node, host, nodeTimeoutMs, logger);
  let down = false;
  redis.on('error', (error: Error) => {
    if (!down) logger.warn({ err: error }, 'redis unavailable: realtime messages stay on this node');
    down = true;
  });
  redis.on('ready', () => {
    // Leaves recorded while Redis was away, or a Redis that lost its data, are put right.
    if (down) network.reconcileSoon();
    down = false;
  });
  subscriber.on('error', () => undefined);
  subscriber.on('messageBuffer', (_channel: Buffer, message: Buffer) => network.received(message.toString()));
  await Promise.all([whenReady(redis, READY_TIMEOUT_MS), whenReady(subscriber, READY_TIMEOUT_MS)]);
  const subscribed = subscriber.subscribe(CHANNEL).catch((error: Error) => logger.warn({ err: error }, 'realtime deliveries not subscribed yet'));
  if (subscriber.status === 'ready') await subscribed;
  await network.beat();
  network.start(subscriber);
  return network;
}

class RedisNetwork implements RealtimeNetwork {
  private timer: NodeJS.Timeout | null = null;
  private subscriber: Redis | null = null;
  private needsReconcile = false;
  private beats = 0;

  constructor(
    private readonly redis: Commands,
    private readonly node: string,
    private readonly host: MembershipHost,
    private readonly nodeTimeoutMs: number,
    private readonly logger: Logger,
  ) {}

  start(subscriber: Redis): void {
    this.subscriber = subscriber;
    this.timer = setInterval(() => void this.beat(), Math.max(50, Math.floor(this.nodeTimeoutMs / 3)));
    this.timer.unref();
  }

  async recordJoin(group: string, member: Member): Promise<void> {
    try {
      await this.redis.multi().hset(groupKey(group), member.cid, JSON.stringify([this.node, member.user])).sadd(nodeKey(this.node), entry(group, member)).exec();
    } catch (error) {
      throw unavailable(error, this.logger);
    }
  }

  async recordLeave(group: string, member: Member): Promise<void> {
    try {
      await this.redis.multi().hdel(groupKey(group), member.cid).srem(nodeKey(this.node), entry(group, member)).exec();
    } catch {
      this.needsReconcile = true;
    }
  }

  async members(group: string): Promise<Member[]> {
    let flat: string[];
    try {
      flat = await this.redis.liveMembers(groupKey(group), NODES, this.nodeTimeoutMs);
    } catch (error) {
      throw unavailable(error, this.logger);
    }
    const members: Member[] = [];
    for (let i = 0; i < flat.length; i += 2) members.push({ user: flat[i + 1], cid: flat[i] });
    return members;
  }

  async relay(delivery: Delivery): Promise<void> {
    try {
      await this.redis.publish(CHANNEL, JSON.stringify({ node: this.node, delivery }));
    } catch (error) {
      throw unavailable(error, this.logger);
    }
  }

  assertAvailable(): void {
    if (this.redis.status !== 'ready') throw unavailable(new Error(`redis is ${this.redis.status}`), this.logger);
  }

  /** A message on the deliveries channel: another node's delivery for this node's connections. */
  received(text: string): void {
    let message: { node: string; delivery: Delivery };
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.node !== this.node) this.host.deliverHere(message.delivery);
  }

  reconcileSoon(): void {
    this.needsReconcile = true;
  }

  /** One beat: say this node is alive, reconcile if needed, and remove the nodes that died. */
  async beat(): Promise<void> {
    let added: number;
    let dead: string[];
    try {
      [added, dead] = await this.redis.beat(NODES, this.node, this.nodeTimeoutMs);
    } catch {
      return;
    }
    // Absent after the first beat: this node was silent too long and another removed its members.
    if (added === 1 && this.beats > 0) this.needsReconcile = true;
    this.beats++;
    if (this.needsReconcile) await this.reconcile();
    for (const other of dead) if (other !== this.node) await this.removeDeadNode(other);
  }

  /** Makes Redis hold exactly this node's memberships, telling the groups of what changed. */
  private async reconcile(): Promise<void> {
    if (this.host.changing()) return;
    const version = this.host.version();
    this.needsReconcile = false;
    try {
      const recorded = new Set(await this.redis.smembers(nodeKey(this.node)));
      if (this.host.version() !== version || this.host.changing()) return void (this.needsReconcile = true);
      const held = new Map<string, [string, Member]>();
      for (const [group, member] of this.host.memberships()) held.set(entry(group, member), [group, member]);
      for (const stale of recorded) {
        if (held.has(stale)) continue;
        const [group, cid, user] = JSON.parse(stale) as [string, string, string];
        await this.redis.multi().hdel(groupKey(group), cid).srem(nodeKey(this.node), stale).exec();
        // This node's connections were told when the connection closed; the others were not.
        await this.host.announce(noticeDelivery('leave', group, { user, cid }), 'elsewhere');
      }
      for (const [key, [group, member]] of held) {
        if (recorded.has(key)) continue;
        await this.recordJoin(group, member);
        await this.host.announce(noticeDelivery('join', group, member));
      }
    } catch (error) {
      this.needsReconcile = true;
      this.logger.warn({ err: error }, 'realtime presence not reconciled; trying again');
    }
  }

  private async removeDeadNode(dead: string): Promise<void> {
    try {
      // Only the node whose ZREM removes it cleans up: the others see 0.
      if ((await this.redis.zrem(NODES, dead)) !== 1) return;
      const entries = await this.redis.smembers(nodeKey(dead));
      for (const stale of entries) {
        const [group, cid, user] = JSON.parse(stale) as [string, string, string];
        await this.redis.hdel(groupKey(group), cid);
        await this.host.announce(noticeDelivery('leave', group, { user, cid }));
      }
      await this.redis.del(nodeKey(dead));
      this.logger.info({ node: dead, connections: entries.length }, 'removed the realtime presence of a silent node');
    } catch (error) {
      this.logger.warn({ err: error, node: dead }, 'could not remove the realtime presence of a silent node');
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    // This node's connections are closing: leave presence at once rather than after the timeout.
    try {
      const entries = await this.redis.smembers(nodeKey(this.node));
      const pipeline = this.redis.multi();
      for (const stale of entries) {
        const [group, cid] = JSON.parse(stale) as [string, string];
        pipeline.hdel(groupKey(group), cid);
      }
      await pipeline.del(nodeKey(this.node)).zrem(NODES, this.node).exec();
    } catch {
      // Redis away: the other nodes remove this one after the timeout.
    }
    await Promise.all([this.redis, this.subscriber].map((client) => client?.quit().catch(() => client.disconnect())));
  }
}

function entry(group: string, member: Member): string {
  return JSON.stringify([group, member.cid, member.user]);
}

function unavailable(error: unknown, logger: Logger): ApiError {
  logger.debug({ err: error }, 'realtime redis command failed');
  return new ApiError('api-unavailable', 'Realtime messaging between nodes is unavailable; retry later');
}
