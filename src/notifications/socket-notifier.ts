/** Turns recorded changes into Socket.IO emits to the rooms that may read them, and ends revoked sessions. */
import type { Namespace, Server } from 'socket.io';
import type { Change } from '../model/items';
import type { LiveSessions } from './live-sessions';
import { ACCESSES_ROOM, ALL_CHANNELS_ROOM, accessRoom, channelRoom } from './rooms';

const EVENT_NAMES = {
  channels: 'channelsChanged',
  folders: 'foldersChanged',
  events: 'eventsChanged',
  accesses: 'accessesChanged',
} as const;

export class SocketNotifier implements LiveSessions {
  private io: Server | null = null;

  /** The notifier exists before the socket server (methods need it), so the server is attached later. */
  attach(io: Server): void {
    this.io = io;
  }

  publish(account: string, change: Change): void {
    const namespace = this.namespace(account);
    if (!namespace) return;
    const event = EVENT_NAMES[change.kind];
    if (change.kind === 'accesses') {
      namespace.to(ACCESSES_ROOM).emit(event, { seq: change.seq });
      return;
    }
    const rooms = change.channelId ? [ALL_CHANNELS_ROOM, channelRoom(change.channelId)] : [ALL_CHANNELS_ROOM];
    const payload = change.kind === 'channels' ? { seq: change.seq } : { channelId: change.channelId, seq: change.seq };
    namespace.to(rooms).emit(event, payload);
  }

  disconnectAccess(account: string, accessId: string): void {
    // Deferred one turn so that a socket ending its own access (logout) still receives its answer first.
    setImmediate(() => this.namespace(account)?.in(accessRoom(accessId)).disconnectSockets(true));
  }

  disconnectAccount(account: string): void {
    this.namespace(account)?.disconnectSockets(true);
  }

  /**
   * The account's namespace if this node has one. `io.of()` is not used: it would create a namespace
   * per written account, and a namespace created outside the parent namespace skips its auth middleware.
   */
  private namespace(account: string): Namespace | undefined {
    return this.io?._nsps.get(`/${account}`);
  }
}
