/** The port methods use to act on open sockets, without knowing Socket.IO. */
import type { Access } from '../model/items';

export interface LiveSessions {
  /** Disconnects every open socket of one access (revoked, deleted, logged out), after the current answer is sent. */
  disconnectAccess(account: string, accessId: string): void;
  /** Disconnects every open socket of an account (account deleted). */
  disconnectAccount(account: string): void;
  /** Moves the open sockets of an access from the rooms of its previous permissions to those of the new ones, on every node. */
  refreshAccess(account: string, previous: Access, next: Access): Promise<void>;
}
