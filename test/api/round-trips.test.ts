/**
 * Store round trips per call of the key methods: a count, the same on any machine, so held by a test
 * (timings are the benchmark's). Warm: the token was checked and the channel read by the call before.
 */
import { expect } from 'chai';
import { createAccount, expectOk } from '../helpers/accounts';
import { backends, type BackendName } from '../helpers/backends';
import { httpCaller, type Caller } from '../helpers/callers';
import { startServer, TestServer } from '../helpers/test-server';

/**
 * SQLite counts a transaction (the item, its tags and its change) as one; MongoDB sends the change, then
 * the item. changes.get of a personal access on MongoDB reads the page with `since` itself and one
 * change more than asked (mongo-changes.ts); other accesses read the latest seq first, so two.
 */
const EXPECTED: Record<BackendName, Record<string, number>> = {
  embedded: { 'work.events.create': 1, 'work.events.get': 1, 'changes.get': 1, 'realtime.post': 1, 'realtime.getSettings': 1 },
  mongodb: { 'work.events.create': 2, 'work.events.get': 1, 'changes.get': 1, 'realtime.post': 1, 'realtime.getSettings': 1 },
};

/** A private message reads its addressee (does it exist, does it take private messages); nothing is stored. */
const PARAMS: Record<string, (username: string) => unknown> = {
  'work.events.create': () => ({ type: 'note/txt', content: 'counted' }),
  'work.events.get': () => ({ limit: 20 }),
  'changes.get': () => ({ since: 0 }),
  'realtime.post': (username) => ({ user: username, message: 'counted' }),
  'realtime.getSettings': () => ({}),
};

for (const backend of backends) {
  describe(`store round trips per call [${backend.name}]`, function () {
    let server: TestServer;
    let caller: Caller;
    let username: string;
    before(async () => {
      server = await startServer(backend);
      const account = await createAccount(server);
      username = account.username;
      caller = httpCaller(server.url, account.username, account.token);
      expectOk(await caller.call('channels.create', { id: 'work', name: 'Work' }));
    });
    after(() => server.close());

    const counted = async (method: string): Promise<{ roundTrips: number; statements: number }> => {
      const before = server.app.store.roundTrips();
      expectOk(await caller.call(method, PARAMS[method](username)));
      const after = server.app.store.roundTrips();
      return { roundTrips: after.roundTrips - before.roundTrips, statements: after.statements - before.statements };
    };

    for (const [method, expected] of Object.entries(EXPECTED[backend.name])) {
      it(`${method} costs ${expected} round trip(s) warm`, async () => {
        await counted(method);
        expect((await counted(method)).roundTrips).to.equal(expected);
      });
    }

    it('/metrics exposes the round trips and the statements by backend', async () => {
      const { roundTrips, statements } = server.app.store.roundTrips();
      const text = await (await fetch(`${server.url}/metrics`)).text();
      const kind = server.app.store.kind;
      expect(text).to.match(new RegExp(`^logbook_store_round_trips_total\\{backend="${kind}"\\} \\d+`, 'm'));
      expect(Number(new RegExp(`^logbook_store_statements_total\\{backend="${kind}"\\} (\\d+)`, 'm').exec(text)?.[1])).to.be.at.least(statements);
      expect(statements).to.be.at.least(roundTrips);
    });
  });
}
