/** Runs an API suite once per backend and once per caller (HTTP, socket), each test on a fresh account. */
import type { Socket } from 'socket.io-client';
import { Account, callersFor, connectSocket, createAccount, expectOk } from './accounts';
import { backends, Backend } from './backends';
import { Caller, httpCaller, socketCaller } from './callers';
import { startServer, TestServer } from './test-server';

export interface ApiContext {
  readonly backend: Backend;
  readonly server: TestServer;
  /** A fresh account made for the current test. */
  readonly account: Account;
  /** The current test's caller for that account (HTTP or socket). */
  readonly caller: Caller;
  readonly via: 'http' | 'socket';
  /** A caller for another token of the test's account, over the test's own transport. */
  callerWithToken(token: string): Promise<Caller>;
  /** Creates an access through `creator` (the test's personal caller by default) and returns it with a caller using its token. */
  grant(permissions: object[], type?: 'shared' | 'app', creator?: Caller): Promise<{ access: any; caller: Caller }>;
}

export function describeApi(title: string, body: (context: ApiContext) => void): void {
  for (const backend of backends) {
    describe(`${title} [${backend.name}]`, function () {
      let server: TestServer | null = null;
      before(async () => {
        server = await startServer(backend);
      });
      after(async () => {
        await server?.close();
      });

      for (const via of ['http', 'socket'] as const) {
        describe(`over ${via}`, function () {
          let account: Account | null = null;
          let caller: Caller | null = null;
          let sockets: Socket[] = [];
          beforeEach(async () => {
            account = await createAccount(server!);
            const callers = await callersFor(server!, account);
            caller = callers[via];
            sockets = callers.sockets;
          });
          afterEach(() => sockets.forEach((socket) => socket.close()));
          async function callerWithToken(token: string): Promise<Caller> {
            if (via === 'http') return httpCaller(server!.url, account!.username, token);
            const socket = await connectSocket(server!, account!.username, token);
            sockets.push(socket);
            return socketCaller(socket);
          }
          body({
            backend,
            via,
            callerWithToken,
            async grant(permissions, type = 'shared', creator = caller!) {
              const { access } = expectOk(await creator.call('accesses.create', { name: `${type} ${Math.random()}`, type, permissions }), 201);
              return { access, caller: await callerWithToken(access.token) };
            },
            get server() {
              return server!;
            },
            get account() {
              return account!;
            },
            get caller() {
              return caller!;
            },
          });
        });
      }
    });
  }
}
