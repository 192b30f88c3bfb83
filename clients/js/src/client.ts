/** LogbookClient: one account's connection — typed calls, typed notifications, and change following. */
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { MethodId, Notifications, NotificationName, ParamsOf, ResultOf } from './api-types';
import { ChangeFollower, type SyncOptions } from './change-follower';
import { HttpCaller } from './http-caller';
import { type AccountSocket, SocketCaller } from './socket-caller';

export interface ConnectOptions {
  /** The server's base URL, e.g. `https://logbook.example.com`. */
  url: string;
  username: string;
  token: string;
  /** How long a call waits for its answer; 30 s by default. */
  timeoutMs?: number;
  /** Passed to socket.io-client (reconnection delays, transports...). */
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
}

/** Every change is told by one of these, with its seq (setData/removeData come beside valuesChanged). */
const NOTIFICATION_NAMES = ['channelsChanged', 'foldersChanged', 'eventsChanged', 'accessesChanged', 'valuesChanged'] as const satisfies readonly NotificationName[];

/** The params argument: optional when the method takes nothing required. */
type ParamsArg<P> = Record<string, never> extends P ? [params?: P] : [params: P];

/** Connects to an account: the socket connects in the background, and calls work at once (over HTTP until it does). */
export function connect(options: ConnectOptions): LogbookClient {
  return new LogbookClient(options);
}

/** A client of one account with one token. */
export class LogbookClient {
  /** The underlying Socket.IO socket, for its lifecycle events (`connect`, `disconnect`, `connect_error`). */
  readonly socket: AccountSocket;
  private readonly http: HttpCaller;
  private readonly socketCaller: SocketCaller;
  private readonly followers = new Set<ChangeFollower>();
  private closed = false;

  constructor(options: ConnectOptions) {
    const base = options.url.replace(/\/+$/, '');
    const account = `${base}/${encodeURIComponent(options.username)}`;
    const timeoutMs = options.timeoutMs ?? 30_000;
    this.http = new HttpCaller(account, options.token, timeoutMs);
    this.socket = io(account, { auth: { token: options.token }, ...options.socketOptions });
    this.socketCaller = new SocketCaller(this.socket, timeoutMs);
    this.socket.on('disconnect', (reason) => {
      // socket.io-client reconnects by itself except when the server ended the socket; a revoked token is
      // then refused at connect (connect_error), which socket.io-client never retries.
      if (reason === 'io server disconnect' && !this.closed) this.socket.connect();
    });
  }

  /** True while calls go over the socket rather than HTTP. */
  get connected(): boolean {
    return this.socket.connected;
  }

  /** Calls a method (`channels.get`, `work.events.create`...); rejects with a LogbookError. */
  call<M extends MethodId>(method: M, ...[params]: ParamsArg<ParamsOf<M>>): Promise<ResultOf<M>> {
    const args = params ?? {};
    const answer = this.socket.connected ? this.socketCaller.call(method, args) : this.http.call(method, args);
    return answer as Promise<ResultOf<M>>;
  }

  /** Listens to a notification; returns the function that stops listening. Notifications are at most once: use `sync` to miss nothing. */
  on<N extends NotificationName>(name: N, handler: (payload: Notifications[N]) => void): () => void {
    // The event map types each notification's listener, but cannot follow a generic name through its
    // conditional types: `on` and `off` see the socket untyped, the signature above keeps the types.
    const untyped: Socket = this.socket;
    const event: string = name;
    untyped.on(event, handler);
    return () => void untyped.off(event, handler);
  }

  /** Follows the account's change log from `since`: see ChangeFollower. */
  sync(options: SyncOptions): ChangeFollower {
    const follower = new ChangeFollower(
      {
        getChanges: (params) => this.call('changes.get', params),
        onConnect: (listener) => {
          this.socket.on('connect', listener);
          return () => void this.socket.off('connect', listener);
        },
        onNotifiedSeq: (listener) => {
          const stops = NOTIFICATION_NAMES.map((name) => this.on(name, ({ seq }) => listener(seq)));
          return () => stops.forEach((stop) => stop());
        },
      },
      options,
    );
    this.followers.add(follower);
    return follower;
  }

  /** Stops every follower and closes the socket; later calls go over HTTP. */
  close(): void {
    this.closed = true;
    for (const follower of this.followers) follower.stop();
    this.followers.clear();
    this.socket.close();
  }
}
