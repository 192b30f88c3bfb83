/** Turns recorded changes into Socket.IO emits to the rooms that may read them, and acts on open sessions. */
import type { Server } from 'socket.io';
import type { Emitter } from '@socket.io/redis-emitter';
import { Permissions } from '../access/permissions';
import { isBulk, type ScopedChange } from '../changes/change-log';
import { ApiError } from '../errors';
import type { Access } from '../model/items';
import { ChangeSequencer } from './change-sequencer';
import type { LiveSessions } from './live-sessions';
import { ALL_ACCESSES_ROOM, ALL_CHANNELS_ROOM, accessCreatorRoom, accessRoom, channelRoom, folderRoom, partialChannelRoom, rootRoom, roomsOf } from './rooms';

const EVENT_NAMES = {
  channels: 'channelsChanged',
  folders: 'foldersChanged',
  events: 'eventsChanged',
  accesses: 'accessesChanged',
  values: 'valuesChanged',
} as const;

/** Room-addressed emits to this node's sockets only. */
interface LocalTarget {
  to(rooms: string | string[]): Broadcast;
}

/** The root namespace's local sockets of one account, addressed by the room names of the account's own namespace. */
function prefixed(root: LocalTarget, account: string): LocalTarget {
  const names = (rooms: string | string[]) => (Array.isArray(rooms) ? rooms : [rooms]).map((room) => rootRoom(account, room));
  const wrap = (broadcast: Broadcast): Broadcast => ({ emit: (event, payload) => broadcast.emit(event, payload), except: (rooms) => wrap(broadcast.except(names(rooms))) });
  return { to: (rooms) => wrap(root.to(names(rooms))) };
}

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
/**
 * The same, in the root namespace, for the sockets that connected to `/` with an API key: every node
 * listens there, so each change reaches every node once more (a node without root sockets of the
 * account drops it at once: its sequencer does not follow the account).
 */
const ROOT_CHANGED = 'logbook:root-changed';

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
      // A queue left from an earlier namespace is stale; one that root sockets of the account follow is not.
      if (!this.hasRootSocketsHere(account)) sequencer.close(account);
      namespace.use((_socket, next) => sequencer.open(account).then(() => next(), () => next(unavailable())));
      if (this.emitter) namespace.on(CHANGED, (change: ScopedChange) => sequencer.accept(account, change));
      // The namespace goes with its last socket (cleanupEmptyChildNamespaces), and the queue with it.
      namespace.on('connection', (socket) => socket.once('disconnect', () => setImmediate(() => this.hasSocketsHere(account) || sequencer.close(account))));
    });
    if (this.emitter) io.on(FORGET, (forgotten: Forgotten) => this.forgetHandlers.forEach((handler) => handler(forgotten)));
    // Root sockets (API keys) follow their account as an account namespace's sockets do.
    const root = io.of('/');
    root.use((socket, next) => {
      // In the account's root room from now on, so that a change emitted while the socket connects
      // does not find the account without sockets here (which would drop its queue).
      const room = rootRoom(socket.data.account);
      void socket.join(room);
      sequencer.open(socket.data.account).then(
        () => (socket.conn.readyState === 'open' ? next() : socket.leave(room)),
        () => {
          void socket.leave(room);
          next(unavailable());
        },
      );
    });
    if (this.emitter) io.on(ROOT_CHANGED, (account: string, change: ScopedChange) => sequencer.accept(account, change));
    root.on('connection', (socket) => {
      const account = socket.data.account as string;
      socket.once('disconnect', () => setImmediate(() => this.hasSocketsHere(account) || sequencer.close(account)));
    });
  }

  /** True while this node has sockets of the account, on its namespace or on the root one. */
  private hasSocketsHere(account: string): boolean {
    return (this.io?._nsps.has(`/${account}`) ?? false) || this.hasRootSocketsHere(account);
  }

  private hasRootSocketsHere(account: string): boolean {
    return (this.io?.of('/').adapter.rooms.get(rootRoom(account))?.size ?? 0) > 0;
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
    if (this.io && this.emitter) this.io.serverSideEmit(ROOT_CHANGED, account, change);
    else this.emitter?.serverSideEmit(ROOT_CHANGED, account, change);
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
    const targets: LocalTarget[] = [];
    if (namespace) targets.push(namespace.local);
    if (this.io && this.hasRootSocketsHere(account)) targets.push(prefixed(this.io.of('/').local, account));
    if (targets.length === 0) return false;
    for (const target of targets) this.emitTo(target, change);
    return true;
  }

  private emitTo(target: LocalTarget, change: ScopedChange): void {
    const event = EVENT_NAMES[change.kind];
    const base = change.kind === 'folders' || change.kind === 'events' || change.kind === 'values' ? { channelId: change.channelId, seq: change.seq, action: change.action } : { seq: change.seq, action: change.action };
    const rooms = roomsFor(change);
    if (change.kind === 'channels' || change.kind === 'accesses' || !isBulk(change)) {
      target.to(rooms).emit(event, { ...base, ids: change.ids });
      // In its change's turn, so a socket hears of values in seq order with everything else.
      if (change.notice) target.to(rooms).emit(change.notice.event, { ...change.notice.data, channelId: change.channelId, seq: change.seq });
      return;
    }
    const whole = [ALL_CHANNELS_ROOM, channelRoom(change.channelId!), ...(change.scope?.wholeFor ?? []).map((folderId) => folderRoom(change.channelId!, folderId))];
    target.to(whole).emit(event, { ...base, ids: change.ids });
    const partial = rooms.filter((room) => !whole.includes(room));
    if (partial.length > 0) target.to(partial).except(whole).emit(event, base);
  }

  disconnectAccess(account: string, accessId: string): void {
    // Deferred one turn so that a socket ending its own access (logout) still receives its answer first.
    setImmediate(() => {
      this.target(account)?.in(accessRoom(accessId)).disconnectSockets(true);
      this.rootTarget()?.in(rootRoom(account, accessRoom(accessId))).disconnectSockets(true);
    });
  }

  disconnectAccount(account: string): void {
    this.target(account)?.disconnectSockets(true);
    this.rootTarget()?.in(rootRoom(account)).disconnectSockets(true);
  }

  async refreshAccess(account: string, previous: Access, next: Access): Promise<void> {
    const rooms = roomsOf(next, new Permissions(next));
    const stale = roomsOf(previous, new Permissions(previous)).filter((room) => !rooms.includes(room));
    const move = (sockets: RoomOperator, name: (room: string) => string): void => {
      if (stale.length > 0) sockets.socketsLeave(stale.map(name));
      sockets.socketsJoin(rooms.map(name));
    };
    const target = this.target(account);
    if (target) move(target.in(accessRoom(next.id)), (room) => room);
    const root = this.rootTarget();
    if (root) move(root.in(rootRoom(account, accessRoom(next.id))), (room) => rootRoom(account, room));
  }

  /** The root namespace (API-key sockets of every account), here and through the adapter on other nodes; else the Redis emitter. */
  private rootTarget(): NamespaceTarget | null {
    if (this.io) return this.io.of('/') as unknown as NamespaceTarget;
    return (this.emitter as unknown as NamespaceTarget | null) ?? null;
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
