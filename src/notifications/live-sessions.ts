/** The port methods use to act on open sockets, without knowing Socket.IO. */
export interface LiveSessions {
  /** Disconnects every open socket of one access (revoked, deleted, logged out). */
  disconnectAccess(account: string, accessId: string): void;
  /** Disconnects every open socket of an account (account deleted). */
  disconnectAccount(account: string): void;
}
