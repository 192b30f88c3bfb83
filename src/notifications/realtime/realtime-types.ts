/** The shapes of messages between users (Skapi style): what a connection receives as a `realtime` event. */

import type { RealtimeMember } from '../../generated/method-types';

/** One connection of one account in a group: `cid` is the Socket.IO id of the connection. */
export type Member = RealtimeMember;

/** A join or a leave, told to the other members of the group. */
export interface Notice extends Member {
  event: 'join' | 'leave';
}

/** The payload of the `realtime` Socket.IO event; `sender_cid` is null for a post over HTTP. */
export type RealtimePayload =
  | { type: 'message'; group: string; message: unknown; sender: string; sender_cid: string | null }
  | { type: 'private'; message: unknown; sender: string; sender_cid: string | null }
  | { type: 'notice'; group: string; message: Notice; sender: string; sender_cid: string }
  | { type: 'success'; message: Member; sender: null; sender_cid: null };

/**
 * Where a payload goes, on every node: the connections in a group, or every messaging connection of
 * one account; never to the connection `except` (the sender's own).
 */
export type Delivery = { group: string; except: string | null; payload: RealtimePayload } | { user: string; except: string | null; payload: RealtimePayload };

/** The notice a join or a leave sends to the group's other members. */
export function noticeDelivery(event: Notice['event'], group: string, member: Member): Delivery {
  return { group, except: member.cid, payload: { type: 'notice', group, message: { event, user: member.user, cid: member.cid }, sender: member.user, sender_cid: member.cid } };
}

/** A connection as realtime methods see it. */
export interface MessagingConnection extends Member {
  readonly groups: ReadonlySet<string>;
}

/** The port realtime methods use, without knowing Socket.IO or how many nodes there are. */
export interface Messaging {
  /** This node's connection with that Socket.IO id, if it may message. */
  connection(cid: string): MessagingConnection | null;
  /** False when it was already a member; the other members get a `join` notice otherwise; `invalid-operation` beyond `maxGroups`. */
  join(connection: MessagingConnection, group: string, maxGroups: number): Promise<boolean>;
  /** False when it was not a member; the other members get a `leave` notice otherwise. */
  leave(connection: MessagingConnection, group: string): Promise<boolean>;
  /** The group's connections on every live node, sorted by user then cid. */
  members(group: string): Promise<Member[]>;
  /** At most once, never stored; `api-unavailable` when other nodes cannot be reached. */
  send(delivery: Delivery): Promise<void>;
}
