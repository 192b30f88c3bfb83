import { expect } from 'chai';
import { createAccount, expectError, expectOk } from '../helpers/accounts';
import { backends } from '../helpers/backends';
import { httpCaller } from '../helpers/callers';
import { startServer, TestServer } from '../helpers/test-server';

for (const backend of backends) {
  describe(`callBatch limits [${backend.name}]`, function () {
    let server: TestServer;
    before(async () => {
      server = await startServer(backend, { maxBatchCalls: 10, maxBatchResultBytes: 20_000 });
    });
    after(() => server.close());

    it('refuses more than MAX_BATCH_CALLS calls with request-too-large before running any', async () => {
      const alice = await createAccount(server);
      const caller = httpCaller(server.url, alice.username, alice.token);
      const calls = Array.from({ length: 11 }, (_, i) => ({ method: 'channels.create', params: { id: `c${i}`, name: `C${i}` } }));
      expect(expectError(await caller.call('callBatch', calls), 'request-too-large', 413).data).to.deep.equal({ limit: 10 });
      expect(expectOk(await caller.call('channels.get', {})).channels).to.deep.equal([]);
      expectOk(await caller.call('callBatch', calls.slice(0, 10)));
    });

    it('answers too-many-results for the call whose result crosses MAX_BATCH_RESULT_BYTES and every later one, without running them', async () => {
      const alice = await createAccount(server);
      const caller = httpCaller(server.url, alice.username, alice.token);
      expectOk(await caller.call('channels.create', { id: 'c', name: 'C' }), 201);
      expectOk(await caller.call('c.events.create', { type: 'note/txt', time: 1, content: 'x'.repeat(8000) }), 201);
      const read = { method: 'c.events.get', params: {} };
      const { results } = expectOk(await caller.call('callBatch', [read, read, read, { method: 'channels.create', params: { id: 'late', name: 'Late' } }]));
      expect(results[0].events).to.have.length(1);
      expect(results[1].events).to.have.length(1);
      expect(results.slice(2).map((r: { error?: { id: string } }) => r.error?.id)).to.deep.equal(['too-many-results', 'too-many-results']);
      expect(expectOk(await caller.call('channels.get', {})).channels.map((c: { id: string }) => c.id)).to.deep.equal(['c']);
    });
  });
}
