/** Turns recorded changes into Socket.IO emits to the rooms that may read them, and acts on open sessions. */
import type { Server } from 'socket.io';
import type { Emitter } from '@socket.io/redis-emitter';
import { Permissions } from '../access/permissions';
import { isBulk, type ScopedChange } from '../changes/change-log';
import { ApiError } from '../errors';
import type { Access } from '../model/items';
import { ChangeSequencer } from './change-sequencer';
import type { LiveSessions } from './live-sessions';
import { ALL_ACCESSES_ROOM, ALL_CHANNELS_ROOM, accessCreatorRoom, accessRoom, channelRoom, folderRoom, partialChannelRoom, roomsOf } from './rooms';

const EVENT_NAMES = {
  channels: 'channelsChanged',
  folders: 'foldersChanged',
  events: 'eventsChanged',
  accesses: 'accessesChanged',
  values: 'valuesChanged',
} as const;

/** What a local namespace and the Redis emitter have in common: room-addressed emits and socket moves. */
interface RoomOperator {
  emit(event: string, payload: unknown): unknown;
  disconnectSockets(close?: boolean): void;
  socketsJoin(rooms: string | string[]): void;
  socketsLeave(rooms: string | string[]): void;
}
interface Broadcast {
  emit(event: string, payload: unknown): unknown;
  except(rooms: string | string[]): Broadcast;
}
interface NamespaceTarget {
  to(rooms: string | string[]): Broadcast;
  in(rooms: string | string[]): RoomOperator;
  disconnectSockets(close?: boolean): void;
}

/** What the other nodes must re-read before trusting it again: accesses (tokens), channels and their folders, whole accounts. */
export interface Forgotten {
  accessIds?: string[];
  /** `[account, channelId]` pairs. */
  channels?: [string, string][];
  accounts?: string[];
}

/** The server-side event that carries a {@link Forgotten} to the other nodes. */
const FORGET = 'logbook:forget';
/** The server-side event, in an account's namespace, that carries a change to the other nodes with sockets of that account. */
const CHANGED = 'logbook:changed';

export class SocketNotifier implements LiveSessions {
  private io: Server | null = null;
  private sequencer: ChangeSequencer | null = null;
  private readonly forgetHandlers: ((forgotten: Forgotten) => void)[] = [];

  /** `emitter` (Redis) reaches accounts that have no socket on this node; a worker process has only that. */
  constructor(private readonly emitter: Emitter | null = null) {}

  /**
   * The notifier exists before the socket server (methods need it), so the server is attached later.
   * Every node emits an account's changes to its own sockets only, in seq order (ChangeSequencer):
   * a change written here goes to the local sequencer and, through Redis, to the sequencers of the
   * nodes where the account's namespace is open (they listen in it: a cost per account and node).
   * A socket's connection completes once its account is followed here (the namespace middleware).
   */
  attach(io: Server, changes: ConstructorParameters<typeof ChangeSequencer>[0]): void {
    this.io = io;
    const sequencer = (this.sequencer = new ChangeSequencer(changes, (account, change) => this.emitHere(account, change)));
    io.on('new_namespace', (namespace) => {
      const account = namespace.name.slice(1);
      sequencer.close(account);
      namespace.use((_socket, next) => sequencer.open(account).then(() => next(), () => next(unavailable())));
      if (this.emitter) namespace.on(CHANGED, (change: ScopedChange) => sequencer.accept(account, change));
      // The namespace goes with its last socket (cleanupEmptyChildNamespaces), and the queue with it.
      namespace.on('connection', (socket) => socket.once('disconnect', () => setImmediate(() => io._nsps.has(namespace.name) || sequencer.close(account))));
    });
    if (this.emitter) io.on(FORGET, (forgotten: Forgotten) => this.forgetHandlers.forEach((handler) => handler(forgotten)));
  }

  /** Runs `handler` when another node (or a worker) changed accesses, channels or folders, or removed an account. */
  onForgotten(handler: (forgotten: Forgotten) => void): void {
    this.forgetHandlers.push(handler);
  }

  /** Tells the other nodes, through Redis, what changed here; without Redis there are none. */
  forgetOnOtherNodes(forgotten: Forgotten): void {
    if (!this.emitter) return;
    if (this.io) this.io.serverSideEmit(FORGET, forgotten);
    else this.emitter.serverSideEmit(FORGET, forgotten);
  }

  /** Hands a stored change to every node with sockets of the account (this one included), each emitting it to its own sockets in seq order. */
  publish(account: string, change: ScopedChange): void {
    // Through the account's namespace, which only the nodes with its sockets listen to; from a node
    // (or worker) without that namespace, through the emitter. Without Redis there are no other nodes.
    const local = this.io?._nsps.get(`/${account}`);
    if (local && this.emitter) local.serverSideEmit(CHANGED, change);
    else this.emitter?.of(`/${account}`).serverSideEmit(CHANGED, change);
    this.sequencer?.accept(account, change);
  }

  /**
   * Emits `{channelId?, seq, action, ids}`, in its turn, to this node's sockets of the account (false:
   * it has none left). A change of one item names it to every room that hears
   * of it (each may read that item). A bulk change (a folder subtree) names its ids only to sockets
   * that read the whole channel or the subtree's root (`scope.wholeFor`); sockets of its sub-folders
   * get it without ids, as they may not read all (the rule of changes.get, methods/change-visibility).
   */
  private emitHere(account: string, change: ScopedChange): boolean {
    const namespace = this.io?._nsps.get(`/${account}`);
    if (!namespace) return false;
    const target = namespace.local;
    const event = EVENT_NAMES[change.kind];
    const base = change.kind === 'folders' || change.kind === 'events' || change.kind === 'values' ? { channelId: change.channelId, seq: change.seq, action: change.action } : { seq: change.seq, action: change.action };
    const rooms = roomsFor(change);
    if (change.kind === 'channels' || change.kind === 'accesses' || !isBulk(change)) {
      target.to(rooms).emit(event, { ...base, ids: change.ids });
      // In its change's turn, so a socket hears of values in seq order with everything else.
      if (change.notice) target.to(rooms).emit(change.notice.event, { ...change.notice.data, channelId: change.channelId, seq: change.seq });
      return true;
    }
    const whole = [ALL_CHANNELS_ROOM, channelRoom(change.channelId!), ...(change.scope?.wholeFor ?? []).map((folderId) => folderRoom(change.channelId!, folderId))];
    target.to(whole).emit(event, { ...base, ids: change.ids });
    const partial = rooms.filter((room) => !whole.includes(room));
    if (partial.length > 0) target.to(partial).except(whole).emit(event, base);
    return true;
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

/** The `connect_error` of a socket whose account's latest seq could not be read (the store is away). */
function unavailable(): Error & { data: unknown } {
  const error = new ApiError('api-unavailable', 'The service is temporarily unavailable; retry later');
  return Object.assign(new Error(error.message), { data: error.toBody() });
}

/** The rooms whose sockets may read what `change` touched. */
export function roomsFor(change: ScopedChange): string[] {
  if (change.kind === 'accesses') return [ALL_ACCESSES_ROOM, ...(change.scope?.accessCreators ?? []).map(accessCreatorRoom)];
  const channelId = change.channelId!;
  if (change.kind === 'channels') return [ALL_CHANNELS_ROOM, channelRoom(channelId), partialChannelRoom(channelId)];
  // Values live at the channel's root: sockets that read only some folders of it do not read them.
  if (change.kind === 'values') return [ALL_CHANNELS_ROOM, channelRoom(channelId)];
  return [ALL_CHANNELS_ROOM, channelRoom(channelId), ...(change.scope?.folderIds ?? []).map((folderId) => folderRoom(channelId, folderId))];
}
