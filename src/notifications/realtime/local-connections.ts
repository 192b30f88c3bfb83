/**
 * This node's connections that may send and receive realtime messages, with the groups each is in.
 * Membership lives with the connection: it ends when the connection closes. A group message goes
 * through the group's Socket.IO room (`realtime:group:…`), one emit per namespace holding members,
 * so it is encoded once per namespace, not once per receiving socket.
 */
import type { Namespace, Socket } from 'socket.io';
import type { Delivery, Member } from './realtime-types';

export interface Connection extends Member {
  readonly socket: Socket;
  /** NO_GROUPS until the first join: most connections never join, and every idle socket counts. */
  groups: Set<string>;
}

const NO_GROUPS: Set<string> = new Set();

export const REALTIME_EVENT = 'realtime';

function groupRoom(group: string): string {
  return `realtime:group:${group}`;
}

export class LocalConnections {
  private readonly byCid = new Map<string, Connection>();
  private readonly byGroup = new Map<string, Set<Connection>>();
  private readonly byUser = new Map<string, Set<Connection>>();

  add(socket: Socket, user: string): Connection {
    const connection: Connection = { socket, user, cid: socket.id, groups: NO_GROUPS };
    this.byCid.set(connection.cid, connection);
    addTo(this.byUser, user, connection);
    return connection;
  }

  /** Forgets a closed connection; its groups are returned so that their members hear it left. */
  remove(cid: string): Connection | null {
    const connection = this.byCid.get(cid);
    if (!connection) return null;
    this.byCid.delete(cid);
    removeFrom(this.byUser, connection.user, connection);
    for (const group of connection.groups) removeFrom(this.byGroup, group, connection);
    return connection;
  }

  get(cid: string): Connection | null {
    return this.byCid.get(cid) ?? null;
  }

  /** False when the connection was already in the group. */
  join(connection: Connection, group: string): boolean {
    if (connection.groups.has(group)) return false;
    if (connection.groups === NO_GROUPS) connection.groups = new Set();
    connection.groups.add(group);
    addTo(this.byGroup, group, connection);
    connection.socket.join(groupRoom(group));
    return true;
  }

  /** False when the connection was not in the group. */
  leave(connection: Connection, group: string): boolean {
    if (!connection.groups.delete(group)) return false;
    removeFrom(this.byGroup, group, connection);
    connection.socket.leave(groupRoom(group));
    return true;
  }

  /** This node's members of a group. */
  members(group: string): Member[] {
    return [...(this.byGroup.get(group) ?? [])].map(({ user, cid }) => ({ user, cid }));
  }

  /** Every membership held here, for presence to check against what it has recorded. */
  *memberships(): Iterable<[group: string, member: Member]> {
    for (const connection of this.byCid.values()) for (const group of connection.groups) yield [group, { user: connection.user, cid: connection.cid }];
  }

  /**
   * Emits a delivery to this node's connections it addresses: to a group through its room, encoded once
   * per namespace; to one account's few connections one by one (a room per account would be memory
   * that every idle socket keeps).
   */
  deliver(delivery: Delivery): void {
    if ('user' in delivery) {
      for (const { socket, cid } of this.byUser.get(delivery.user) ?? []) if (cid !== delivery.except) socket.emit(REALTIME_EVENT, delivery.payload);
      return;
    }
    const members = this.byGroup.get(delivery.group);
    if (!members) return;
    for (const namespace of namespacesOf(members)) {
      const target = namespace.local.to(groupRoom(delivery.group));
      (delivery.except === null ? target : target.except(delivery.except)).emit(REALTIME_EVENT, delivery.payload);
    }
  }
}

function namespacesOf(connections: Set<Connection>): Set<Namespace> {
  const namespaces = new Set<Namespace>();
  for (const { socket } of connections) namespaces.add(socket.nsp);
  return namespaces;
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}
