/** Runs an API suite once per backend and once per caller (HTTP, socket), each test on a fresh account. */
import type { Socket } from 'socket.io-client';
import { Account, callersFor, createAccount } from './accounts';
import { backends, Backend } from './backends';
import type { Caller } from './callers';
import { startServer, TestServer } from './test-server';

export interface ApiContext {
  readonly backend: Backend;
  readonly server: TestServer;
  /** A fresh account made for the current test. */
  readonly account: Account;
  /** The current test's caller for that account (HTTP or socket). */
  readonly caller: Caller;
  readonly via: 'http' | 'socket';
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
          body({
            backend,
            via,
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
