import { expect } from 'chai';
import { describeApi } from '../helpers/describe-api';
import { createAccount, expectError, expectOk } from '../helpers/accounts';
import { backends } from '../helpers/backends';
import { httpCaller } from '../helpers/callers';
import { startServer, TestServer } from '../helpers/test-server';

describeApi('changes.get', (t) => {
  it('lists every stored write once, in seq order, with lastSeq', async () => {
    expectOk(await t.caller.call('channels.create', { id: 'a', name: 'A' }));
    expectOk(await t.caller.call('channels.update', { id: 'a', update: { name: 'A2' } }));
    expectOk(await t.caller.call('channels.delete', { id: 'a' }));
    expectOk(await t.caller.call('channels.delete', { id: 'a' }));
    const { changes, lastSeq } = expectOk(await t.caller.call('changes.get'));
    const seqs = changes.map((c: { seq: number }) => c.seq);
    expect(seqs).to.deep.equal(Array.from({ length: lastSeq }, (_, i) => i + 1));
    const channelChanges = changes.filter((c: { kind: string }) => c.kind === 'channels');
    expect(channelChanges.map((c: { action: string }) => c.action)).to.deep.equal(['created', 'updated', 'trashed', 'deleted']);
    for (const change of channelChanges) {
      expect(change).to.have.all.keys('seq', 'kind', 'action', 'channelId', 'ids', 'time');
      expect(change).to.include({ channelId: 'a' });
      expect(change.ids).to.deep.equal(['a']);
    }
  });

  it('pages with since and limit, and answers an empty page past the end', async () => {
    for (const id of ['p1', 'p2', 'p3', 'p4', 'p5']) expectOk(await t.caller.call('channels.create', { id, name: id }));
    const all = expectOk(await t.caller.call('changes.get')).changes.map((c: { seq: number }) => c.seq);
    const first = expectOk(await t.caller.call('changes.get', { since: 0, limit: 2 }));
    expect(first.changes.map((c: { seq: number }) => c.seq)).to.deep.equal(all.slice(0, 2));
    expect(first.lastSeq).to.equal(all[all.length - 1]);
    const next = expectOk(await t.caller.call('changes.get', { since: all[1], limit: 2 }));
    expect(next.changes.map((c: { seq: number }) => c.seq)).to.deep.equal(all.slice(2, 4));
    const past = expectOk(await t.caller.call('changes.get', { since: all[all.length - 1] + 10 }));
    expect(past.changes).to.deep.equal([]);
  });

  it('a filtered caller pages through exactly its changes, and every page reports the latest seq', async () => {
    expectOk(await t.caller.call('channels.create', { id: 'open', name: 'Open' }));
    expectOk(await t.caller.call('channels.create', { id: 'closed', name: 'Closed' }));
    for (let i = 0; i < 4; i++) {
      expectOk(await t.caller.call('open.events.create', { type: 'note/txt', content: i }));
      expectOk(await t.caller.call('closed.events.create', { type: 'note/txt', content: i }));
    }
    const { caller } = await t.grant([{ channelId: 'open', level: 'read' }]);
    const latest = expectOk(await t.caller.call('changes.get', { since: 1e9 })).lastSeq;
    const seen: number[] = [];
    let since = 0;
    for (let page = 0; page < 10; page++) {
      const { changes, lastSeq } = expectOk(await caller.call('changes.get', { since, limit: 2 }));
      expect(lastSeq).to.equal(latest);
      if (changes.length === 0) break;
      seen.push(...changes.map((c: { seq: number }) => c.seq));
      since = changes[changes.length - 1].seq;
    }
    const all = expectOk(await t.caller.call('changes.get')).changes;
    const readable = all.filter((c: { channelId?: string }) => c.channelId === 'open').map((c: { seq: number }) => c.seq);
    expect(seen).to.deep.equal(readable);
    expect(seen).to.have.length(5);
  });

  it('refuses a since or limit of the wrong type or range', async () => {
    expectError(await t.caller.call('changes.get', { since: -1 }), 'invalid-parameters-format', 400);
    expectError(await t.caller.call('changes.get', { limit: 0 }), 'invalid-parameters-format', 400);
    expectError(await t.caller.call('changes.get', { limit: 100000 }), 'invalid-parameters-format', 400);
    expectError(await t.caller.call('changes.get', { since: 'x' }), 'invalid-parameters-format', 400);
  });
});

for (const backend of backends) {
  describe(`changes.get retention [${backend.name}]`, function () {
    let server: TestServer;
    before(async () => {
      server = await startServer(backend, { changesMaxCount: 10 });
    });
    after(() => server.close());

    it('keeps the latest changes and answers changes-expired for a since older than the retained log', async () => {
      const alice = await createAccount(server);
      const api = httpCaller(server.url, alice.username, alice.token);
      // the login made seq 1; 99 channel writes reach seq 100, whose write starts trimming the log to its last 10
      for (let i = 0; i < 99; i++) expectOk(await api.call('channels.create', { name: `n${i}` }));
      // trimming runs beside the write that triggers it: read until it shows, each read bounded
      let outcome = await api.call('changes.get', { since: 0 });
      for (let attempt = 0; attempt < 200 && !outcome.error; attempt++) outcome = await api.call('changes.get', { since: 0 });
      const expired = expectError(outcome, 'changes-expired', 410);
      expect(expired.data).to.deep.equal({ since: 0, oldestSeq: 91 });
      const kept = expectOk(await api.call('changes.get', { since: 90 }));
      expect(kept.changes.map((c: { seq: number }) => c.seq)).to.deep.equal([91, 92, 93, 94, 95, 96, 97, 98, 99, 100]);
    });
  });
}
