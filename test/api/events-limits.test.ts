import { expect } from 'chai';
import type { Socket } from 'socket.io-client';
import { callersFor, createAccount, expectError, expectOk } from '../helpers/accounts';
import { backends } from '../helpers/backends';
import type { Caller } from '../helpers/callers';
import { startServer, TestServer } from '../helpers/test-server';

const T = 1_700_000_000;
const MAX_RESULTS = 3;

// describeApi starts servers with the default MAX_RESULTS; these cases need a small one.
for (const backend of backends) {
  describe(`events.get with MAX_RESULTS=${MAX_RESULTS} [${backend.name}]`, function () {
    let server: TestServer;
    before(async () => {
      server = await startServer(backend, { maxResults: MAX_RESULTS });
    });
    after(async () => {
      await server?.close();
    });

    for (const via of ['http', 'socket'] as const) {
      describe(`over ${via}`, function () {
        let caller: Caller;
        let sockets: Socket[] = [];
        beforeEach(async () => {
          const callers = await callersFor(server, await createAccount(server));
          caller = callers[via];
          sockets = callers.sockets;
          expectOk(await caller.call('channels.create', { id: 'work', name: 'Work' }));
          for (let n = 1; n <= MAX_RESULTS + 1; n++) expectOk(await caller.call('work.events.create', { id: `e${n}`, type: 'note/txt', time: T + n }));
        });
        afterEach(() => sockets.forEach((socket) => socket.close()));

        it('answers too-many-results naming the limit when a range matches more than MAX_RESULTS', async () => {
          const error = expectError(await caller.call('work.events.get', { fromTime: T, toTime: T + 100 }), 'too-many-results', 413);
          expect(error.data).to.deep.equal({ limit: MAX_RESULTS });
        });

        it('returns a range that matches exactly MAX_RESULTS, and pages of a larger one', async () => {
          expect(expectOk(await caller.call('work.events.get', { fromTime: T + 2, toTime: T + 100 })).events).to.have.length(MAX_RESULTS);
          expect(expectOk(await caller.call('work.events.get', { fromTime: T, toTime: T + 100, limit: MAX_RESULTS })).events).to.have.length(MAX_RESULTS);
          const rest = expectOk(await caller.call('work.events.get', { fromTime: T, toTime: T + 100, skip: MAX_RESULTS }));
          expect(rest.events.map((event: { id: string }) => event.id)).to.deep.equal(['e1']);
        });

        it('refuses a limit above MAX_RESULTS and caps the default page at MAX_RESULTS', async () => {
          expectError(await caller.call('work.events.get', { limit: MAX_RESULTS + 1 }), 'too-many-results', 413);
          const { events } = expectOk(await caller.call('work.events.get', {}));
          expect(events.map((event: { id: string }) => event.id)).to.deep.equal(['e4', 'e3', 'e2']);
        });

        it('answers too-many-results for more running periods than MAX_RESULTS', async () => {
          for (let n = 1; n <= MAX_RESULTS + 1; n++) expectOk(await caller.call('work.events.start', { type: 'activity/plain', time: T + n }));
          expectError(await caller.call('work.events.getRunning'), 'too-many-results', 413);
        });
      });
    }
  });
}
