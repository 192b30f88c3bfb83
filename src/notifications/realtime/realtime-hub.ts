/**
 * Messages between users: this node's connections (LocalConnections) joined to the other nodes by a
 * RealtimeNetwork (nothing on a single node, Redis with REDIS_URL). Every group change is recorded
 * where all nodes see it before the connection counts as a member, and told to the other members.
 */
import type { Socket } from 'socket.io';
import type { Logger } from 'pino';
import { ApiError } from '../../errors';
import type { AccessType } from '../../model/items';
import { Connection, LocalConnections, REALTIME_EVENT } from './local-connections';
import { type Delivery, type Member, type Messaging, type MessagingConnection, noticeDelivery } from './realtime-types';

/** What the other nodes offer: presence they can all see, and deliveries relayed to their connections. */
export interface RealtimeNetwork {
  recordJoin(group: string, member: Member): Promise<void>;
  /** Never throws: a leave that could not be recorded is recorded later (the network reconciles). */
  recordLeave(group: string, member: Member): Promise<void>;
  /** The group's members on every live node. */
  members(group: string): Promise<Member[]>;
  /** Hands a delivery to the other nodes (this node delivers its own); throws `api-unavailable` when it cannot. */
  relay(delivery: Delivery): Promise<void>;
  /** Throws `api-unavailable` when a relay would fail now, so that a post is refused before anyone gets it. */
  assertAvailable(): void;
  close(): Promise<void>;
}

/** What a network sees of this node: its memberships, and a version that moves whenever one starts changing. */
export interface MembershipHost {
  memberships(): Iterable<[group: string, member: Member]>;
  /** Changes when a join or leave starts; a reconciliation that saw it change must not act on what it read. */
  version(): number;
  /** True while a join or leave waits for the network. */
  changing(): boolean;
  /** Delivers on every node, or only on the others; failures are logged, not thrown. */
  announce(notice: Delivery, where?: 'everywhere' | 'elsewhere'): Promise<void>;
  /** A delivery relayed by another node, for this node's connections. */
  deliverHere(delivery: Delivery): void;
}

/** A single node: presence is this node's connections and there is no one to relay to. */
export function singleNodeNetwork(local: LocalConnections): RealtimeNetwork {
  return {
    recordJoin: async () => undefined,
    recordLeave: async () => undefined,
    members: async (group) => local.members(group),
    relay: async () => undefined,
    assertAvailable: () => undefined,
    close: async () => undefined,
  };
}

export class RealtimeHub implements Messaging, MembershipHost {
  readonly local = new LocalConnections();
  private network: RealtimeNetwork = singleNodeNetwork(this.local);
  private changes = 0;
  private inFlight = 0;
  /** Joins of each connection waiting for the network. */
  private readonly joining = new Map<string, number>();
  /** Connections closing now: their leaves are recorded and told before the network closes. */
  private readonly closing = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  /** Joins this node to the others (REDIS_URL); before it, the hub serves a single node. */
  useNetwork(network: RealtimeNetwork): void {
    this.network = network;
  }

  /** Shared accesses do not message; every other connection is greeted (and must be handed to `disconnected` when it closes). */
  connect(socket: Socket, user: string, accessType: AccessType): void {
    if (accessType === 'shared') return;
    const connection = this.local.add(socket, user);
    socket.emit(REALTIME_EVENT, { type: 'success', message: { user, cid: connection.cid }, sender: null, sender_cid: null });
  }

  connection(cid: string): Connection | null {
    return this.local.get(cid);
  }

  /** False when the connection was already in the group (then nobody is told). */
  async join({ cid }: MessagingConnection, group: string, maxGroups: number): Promise<boolean> {
    const connection = this.local.get(cid);
    if (!connection || connection.groups.has(group)) return false;
    // Joins waiting for the network count too: concurrent joins cannot pass the bound together.
    const joining = this.joining.get(cid) ?? 0;
    if (connection.groups.size + joining >= maxGroups) throw new ApiError('invalid-operation', `A connection may be in at most ${maxGroups} groups`, { limit: maxGroups });
    this.joining.set(cid, joining + 1);
    const member = { user: connection.user, cid: connection.cid };
    const joined = await this.track(async () => {
      try {
        await this.network.recordJoin(group, member);
      } finally {
        const left = this.joining.get(cid)! - 1;
        if (left === 0) this.joining.delete(cid);
        else this.joining.set(cid, left);
      }
      // The connection may have closed, or joined through a concurrent call, while Redis answered.
      if (this.local.get(connection.cid) === connection) return this.local.join(connection, group);
      await this.network.recordLeave(group, member);
      return false;
    });
    if (joined) await this.announce(noticeDelivery('join', group, member));
    return joined;
  }

  /** False when the connection was not in the group. */
  async leave({ cid }: MessagingConnection, group: string): Promise<boolean> {
    const connection = this.local.get(cid);
    if (!connection) return false;
    const member = { user: connection.user, cid: connection.cid };
    const left = await this.track(async () => {
      if (!this.local.leave(connection, group)) return false;
      await this.network.recordLeave(group, member);
      return true;
    });
    if (!left) return false;
    await this.announce(noticeDelivery('leave', group, member));
    return true;
  }

  async members(group: string): Promise<Member[]> {
    return (await this.network.members(group)).sort((a, b) => compare(a.user, b.user) || compare(a.cid, b.cid));
  }

  /**
   * Delivers here at once, then through the network; at most once, never stored. Refused whole while
   * the other nodes cannot be reached: a sender told `api-unavailable` knows that nobody got it (but
   * for the rare relay that fails after the check).
   */
  async send(delivery: Delivery): Promise<void> {
    this.network.assertAvailable();
    this.local.deliver(delivery);
    await this.network.relay(delivery);
  }

  /** After the sockets are closed: their leaves go out, then the network leaves Redis. */
  async close(): Promise<void> {
    await Promise.all(this.closing);
    await this.network.close();
  }

  memberships(): Iterable<[string, Member]> {
    return this.local.memberships();
  }

  version(): number {
    return this.changes;
  }

  changing(): boolean {
    return this.inFlight > 0;
  }

  deliverHere(delivery: Delivery): void {
    this.local.deliver(delivery);
  }

  /**
   * Notices follow a change already made: a relay that fails does not undo it. Other nodes then learn
   * of it when the network reconciles its presence with this node's connections.
   */
  async announce(notice: Delivery, where: 'everywhere' | 'elsewhere' = 'everywhere'): Promise<void> {
    try {
      if (where === 'everywhere') this.local.deliver(notice);
      await this.network.relay(notice);
    } catch (error) {
      this.logger.warn({ err: error, group: 'group' in notice ? notice.group : null }, 'notice not relayed to the other nodes');
    }
  }

  /** A closed connection leaves every group it was in, on every node, and its groups are told. */
  disconnected(cid: string): void {
    const connection = this.local.get(cid);
    if (!connection) return;
    const leaving = this.leaveAll(connection).finally(() => this.closing.delete(leaving));
    this.closing.add(leaving);
  }

  private async leaveAll(connection: Connection): Promise<void> {
    const member = { user: connection.user, cid: connection.cid };
    const groups = await this.track(async () => {
      if (this.local.remove(connection.cid) !== connection) return [];
      for (const group of connection.groups) await this.network.recordLeave(group, member);
      return [...connection.groups];
    });
    for (const group of groups) await this.announce(noticeDelivery('leave', group, member));
  }

  /** Runs a change of memberships that waits for the network, so that a reconciliation keeps off it. */
  private async track<T>(change: () => Promise<T>): Promise<T> {
    this.changes++;
    this.inFlight++;
    try {
      return await change();
    } finally {
      this.inFlight--;
    }
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
