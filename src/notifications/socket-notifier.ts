/** Turns recorded changes into Socket.IO emits to the rooms that may read them, and acts on open sessions. */
import type { Server } from 'socket.io';
import type { Emitter } from '@socket.io/redis-emitter';
import { Permissions } from '../access/permissions';
import type { ScopedChange } from '../changes/change-log';
import type { Access } from '../model/items';
import type { LiveSessions } from './live-sessions';
import { ALL_ACCESSES_ROOM, ALL_CHANNELS_ROOM, accessCreatorRoom, accessRoom, channelRoom, folderRoom, partialChannelRoom, roomsOf } from './rooms';

const EVENT_NAMES = {
  channels: 'channelsChanged',
  folders: 'foldersChanged',
  events: 'eventsChanged',
  accesses: 'accessesChanged',
} as const;

/** What a local namespace and the Redis emitter have in common: room-addressed emits and socket moves. */
interface RoomOperator {
  emit(event: string, payload: unknown): unknown;
  disconnectSockets(close?: boolean): void;
  socketsJoin(rooms: string | string[]): void;
  socketsLeave(rooms: string | string[]): void;
}
interface NamespaceTarget {
  to(rooms: string | string[]): Pick<RoomOperator, 'emit'>;
  in(rooms: string | string[]): RoomOperator;
  disconnectSockets(close?: boolean): void;
}

/** The server-side event that tells the other nodes to re-read these accesses before trusting their tokens again. */
const FORGET_ACCESSES = 'logbook:forget-accesses';

export class SocketNotifier implements LiveSessions {
  private io: Server | null = null;
  private readonly forgetHandlers: ((accessIds: string[]) => void)[] = [];

  /** `emitter` (Redis) reaches accounts that have no socket on this node; a worker process has only that. */
  constructor(private readonly emitter: Emitter | null = null) {}

  /** The notifier exists before the socket server (methods need it), so the server is attached later. */
  attach(io: Server): void {
    this.io = io;
    if (this.emitter) io.on(FORGET_ACCESSES, (accessIds: string[]) => this.forgetHandlers.forEach((handler) => handler(accessIds)));
  }

  /** Runs `handler` when another node (or a worker) changed or ended accesses. */
  onAccessesForgotten(handler: (accessIds: string[]) => void): void {
    this.forgetHandlers.push(handler);
  }

  /** Tells the other nodes, through Redis, that these accesses changed; without Redis there are none. */
  forgetAccessesOnOtherNodes(accessIds: string[]): void {
    if (!this.emitter) return;
    if (this.io) this.io.serverSideEmit(FORGET_ACCESSES, accessIds);
    else this.emitter.serverSideEmit(FORGET_ACCESSES, accessIds);
  }

  publish(account: string, change: ScopedChange): void {
    const event = EVENT_NAMES[change.kind];
    const payload = change.kind === 'folders' || change.kind === 'events' ? { channelId: change.channelId, seq: change.seq } : { seq: change.seq };
    this.target(account)?.to(roomsFor(change)).emit(event, payload);
  }

  disconnectAccess(account: string, accessId: string): void {
    // Deferred one turn so that a socket ending its own access (logout) still receives its answer first.
    setImmediate(() => this.target(account)?.in(accessRoom(accessId)).disconnectSockets(true));
  }

  disconnectAccount(account: string): void {
    this.target(account)?.disconnectSockets(true);
  }

  async refreshAccess(account: string, previous: Access, next: Access): Promise<void> {
    const target = this.target(account);
    if (!target) return;
    const rooms = roomsOf(next, new Permissions(next));
    const stale = roomsOf(previous, new Permissions(previous)).filter((room) => !rooms.includes(room));
    const sockets = target.in(accessRoom(next.id));
    if (stale.length > 0) sockets.socketsLeave(stale);
    sockets.socketsJoin(rooms);
  }

  /**
   * The account's namespace on this node, whose adapter also reaches the other nodes; else the Redis
   * emitter. `io.of()` is never used: it would create a namespace per written account, and a namespace
   * created outside the parent namespace would skip its auth middleware.
   */
  private target(account: string): NamespaceTarget | null {
    const name = `/${account}`;
    const local = this.io?._nsps.get(name);
    if (local) return local as unknown as NamespaceTarget;
    return (this.emitter?.of(name) as unknown as NamespaceTarget | undefined) ?? null;
  }
}

/** The rooms whose sockets may read what `change` touched. */
export function roomsFor(change: ScopedChange): string[] {
  if (change.kind === 'accesses') return [ALL_ACCESSES_ROOM, ...(change.scope?.accessCreators ?? []).map(accessCreatorRoom)];
  const channelId = change.channelId!;
  if (change.kind === 'channels') return [ALL_CHANNELS_ROOM, channelRoom(channelId), partialChannelRoom(channelId)];
  return [ALL_CHANNELS_ROOM, channelRoom(channelId), ...(change.scope?.folderIds ?? []).map((folderId) => folderRoom(channelId, folderId))];
}
