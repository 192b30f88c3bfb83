/** Carries recorded changes to every node with sockets of their account, in seq order per account (emitted by change-emits), and acts on open sessions. */
import type { Server } from 'socket.io';
import type { Emitter } from '@socket.io/redis-emitter';
import { Permissions } from '../access/permissions';
import type { ScopedChange } from '../changes/change-log';
import { ApiError } from '../errors';
import type { Access } from '../model/items';
import { ChangeSequencer } from './change-sequencer';
import type { LiveSessions } from './live-sessions';
import { emitChange, prefixed, type Broadcast, type LocalTarget } from './change-emits';
import { accessRoom, rootRoom, roomsOf } from './rooms';

/** What a local namespace and the Redis emitter have in common: room-addressed emits and socket moves. */
interface RoomOperator {
  emit(event: string, payload: unknown): unknown;
  disconnectSockets(close?: boolean): void;
  socketsJoin(rooms: string | string[]): void;
  socketsLeave(rooms: string | string[]): void;
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
   * A socket's connection completes once its account is followed here (`follow`, from the connection middleware).
   */
  attach(io: Server, changes: ConstructorParameters<typeof ChangeSequencer>[0]): void {
    this.io = io;
    const sequencer = (this.sequencer = new ChangeSequencer(changes, (account, change) => this.emitHere(account, change)));
    io.on('new_namespace', (namespace) => {
      const account = namespace.name.slice(1);
      // A queue left from an earlier namespace is stale; one that root sockets of the account follow is not.
      if (!this.hasRootSocketsHere(account)) sequencer.close(account);
      if (this.emitter) namespace.on(CHANGED, (change: ScopedChange) => sequencer.accept(account, change));
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
  }

  /**
   * Called by the socket server before a socket of an account namespace completes its connection:
   * resolves once the account is followed here (its changes from now on reach the socket), fails with
   * `api-unavailable` when its latest seq cannot be read.
   */
  follow(account: string): Promise<void> {
    // An ApiError: the socket server's middleware turns it into the `connect_error` body.
    return this.sequencer ? this.sequencer.open(account).catch(() => Promise.reject(unavailableError())) : Promise.resolve();
  }

  /**
   * Called by the socket server when a socket of `account` has closed (from its one disconnect
   * listener: a listener per socket is memory every idle socket keeps). The namespace goes with its
   * last socket (cleanupEmptyChildNamespaces), and the account's queue with the last socket here.
   */
  socketClosed(account: string): void {
    // After Socket.IO has removed the socket (and an emptied namespace) from its own maps.
    setImmediate(() => this.hasSocketsHere(account) || this.sequencer?.close(account));
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
    try {
      // This node's sockets first: encoding and publishing the copies for other nodes (each node puts
      // them in seq order itself) is not made part of the local notification's latency.
      this.sequencer?.accept(account, change);
    } finally {
      // Through the account's namespace, which only the nodes with its sockets listen to; from a node
      // (or worker) without that namespace, through the emitter. Without Redis there are no other nodes.
      const local = this.io?._nsps.get(`/${account}`);
      if (local && this.emitter) local.serverSideEmit(CHANGED, change);
      else this.emitter?.of(`/${account}`).serverSideEmit(CHANGED, change);
      if (this.io && this.emitter) this.io.serverSideEmit(ROOT_CHANGED, account, change);
      else this.emitter?.serverSideEmit(ROOT_CHANGED, account, change);
    }
  }

  /** Emits a change, in its turn, to this node's sockets of the account (false: it has none left). */
  private emitHere(account: string, change: ScopedChange): boolean {
    const namespace = this.io?._nsps.get(`/${account}`);
    const targets: LocalTarget[] = [];
    if (namespace) targets.push(namespace.local);
    if (this.io && this.hasRootSocketsHere(account)) targets.push(prefixed(this.io.of('/').local, account));
    if (targets.length === 0) return false;
    for (const target of targets) emitChange(target, change);
    return true;
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

/** Why a socket cannot connect while its account's latest seq cannot be read (the store is away). */
function unavailableError(): ApiError {
  return new ApiError('api-unavailable', 'The service is temporarily unavailable; retry later');
}

/** The same, as a middleware's `connect_error` (data: the error body). */
function unavailable(): Error & { data: unknown } {
  const error = unavailableError();
  return Object.assign(new Error(error.message), { data: error.toBody() });
}
