import { expect } from 'chai';
import type { Change, LogbookClient, LogbookError } from '@logbook/client';
import { Clients, createAccount, eventually, nextSocketEvent, startEmbeddedServer, trackUpgrades, type Account, type TestServer } from './helpers';

/** What a follower hands the app, recorded. */
function recorder(): { delivered: Change[]; resets: number[]; errors: unknown[] } {
  return { delivered: [], resets: [], errors: [] };
}

/** Everything `client` may read in the change log, from the server's own changes.get. */
async function allChanges(client: LogbookClient): Promise<{ changes: Change[]; lastSeq: number }> {
  return client.call('changes.get', { since: 0, limit: 10000 });
}

describe('JavaScript client: sync', () => {
  let server: TestServer;
  let alice: Account;
  const clients = new Clients();
  before(async () => {
    server = await startEmbeddedServer();
  });
  beforeEach(async () => {
    alice = await createAccount(server);
  });
  afterEach(() => clients.closeAll());
  after(() => server.close());

  it('follows an account through forced disconnects while another client writes: every change once, in order', async function () {
    this.timeout(30000);
    const serverSide = trackUpgrades(server, 'who=follower');
    const writer = clients.connect(server, alice);
    await writer.call('channels.create', { id: 'a', name: 'A' });
    await writer.call('channels.create', { id: 'b', name: 'B' });
    const follower = clients.connect(server, alice, { socketOptions: { query: { who: 'follower' } } });
    const seen = recorder();
    // A small page makes each catch-up read several pages.
    const sync = follower.sync({
      pageSize: 7,
      retryDelayMs: 20,
      onChange: (change) => void seen.delivered.push(change),
      onReset: (lastSeq) => void seen.resets.push(lastSeq),
      onError: (error) => void seen.errors.push(error),
    });
    let connects = 0;
    follower.socket.on('connect', () => connects++);
    // Disconnects the follower each time it is connected again, alternating a client-side close of the
    // transport with the server dropping the connection, until the writers are done.
    let writing = true;
    let disconnects = 0;
    const disruptor = (async () => {
      while (writing) {
        // Closing while a reconnection is still opening would only be noticed at socket.io-client's connect timeout.
        if (!follower.connected) await nextSocketEvent(follower, 'connect');
        if (!writing) break;
        // Counted once the follower has seen it: a cut by the server is noticed later, and a second cut
        // before then would end the same connection again.
        const disconnected = nextSocketEvent(follower, 'disconnect');
        if (disconnects % 2 === 0) follower.socket.io.engine.close();
        else expect(serverSide.destroyAll()).to.equal(1);
        await disconnected;
        disconnects++;
        await writer.call('getAccessInfo');
      }
    })();
    // Four writers at once, each creating, updating and deleting events in both channels, for at least
    // 40 rounds and until the follower was cut off 8 times (a fast store writes 40 rounds in no time).
    await Promise.all(
      [0, 1, 2, 3].map(async (w) => {
        for (let i = 0; i < 40 || (disconnects < 8 && i < 2000); i++) {
          const channel = (i + w) % 2 === 0 ? 'a' : 'b';
          const { event } = await writer.call(`${channel}.events.create`, { type: 'note/txt', content: `${w}-${i}` });
          if (i % 5 === 0) await writer.call(`${channel}.events.update`, { id: event.id, update: { tags: ['edited'] } });
          if (i % 7 === 0) await writer.call(`${channel}.events.delete`, { id: event.id });
        }
      }),
    );
    writing = false;
    await disruptor;
    // The last cut may still be reconnecting: every cut is followed by a reconnection.
    if (!follower.connected) await nextSocketEvent(follower, 'connect');
    await writer.call('channels.update', { id: 'a', update: { name: 'A, done' } });
    const expected = await allChanges(writer);
    await eventually('the follower reaches the latest seq', () => sync.lastSeq === expected.lastSeq);
    expect(disconnects).to.be.greaterThan(6);
    expect(connects, 'reconnections').to.be.at.least(disconnects);
    expect(seen.delivered.map((c) => c.seq)).to.deep.equal(expected.changes.map((c) => c.seq));
    expect(seen.delivered).to.deep.equal(expected.changes);
    expect(seen.resets).to.deep.equal([]);
    // Catch-ups cut by a disconnect fail with connection-lost and are retried; nothing else fails.
    for (const error of seen.errors) expect((error as LogbookError).id).to.be.oneOf(['connection-lost', 'timeout', 'network-error']);
  });

  it('a token that reads one channel is handed only that channel’s changes, and moves past the others', async () => {
    const owner = clients.connect(server, alice);
    await owner.call('channels.create', { id: 'open', name: 'Open' });
    await owner.call('channels.create', { id: 'closed', name: 'Closed' });
    const { access } = await owner.call('accesses.create', { name: 'reader', type: 'shared', permissions: [{ channelId: 'open', level: 'read' }] });
    const reader = clients.connect(server, { username: alice.username, token: access.token });
    const seen = recorder();
    const sync = reader.sync({ onChange: (c) => void seen.delivered.push(c), onReset: (s) => void seen.resets.push(s) });
    for (let i = 0; i < 10; i++) {
      await owner.call('open.events.create', { type: 'note/txt', content: i });
      await owner.call('closed.events.create', { type: 'note/txt', content: i });
    }
    await owner.call('closed.events.create', { type: 'note/txt', content: 'last, unreadable' });
    const latest = (await allChanges(owner)).lastSeq;
    await eventually('the reader reaches the account’s latest seq', async () => {
      // Nothing notifies the reader of the last (unreadable) change: its next connection would catch up, as this does.
      await sync.catchUp();
      return sync.lastSeq === latest;
    });
    const readable = await allChanges(reader);
    expect(readable.changes.every((c) => c.channelId === 'open')).to.equal(true);
    expect(readable.changes.filter((c) => c.kind === 'events')).to.have.length(10);
    expect(seen.delivered).to.deep.equal(readable.changes);
  });

  it('calls onReset when the log no longer reaches back to its seq, then follows from the latest', async () => {
    const small = await startEmbeddedServer({ changesMaxCount: 10 });
    try {
      const bob = await createAccount(small);
      const writer = clients.connect(small, bob);
      // the login made seq 1; 99 writes reach seq 100, whose write trims the log to its last 10
      for (let i = 0; i < 99; i++) await writer.call('channels.create', { name: `n${i}` });
      await eventually('the log is trimmed', () => writer.call('changes.get', { since: 0 }).then(() => false, (e: LogbookError) => e.id === 'changes-expired'));
      const follower = clients.connect(small, bob);
      const seen = recorder();
      const reloadedAt: number[] = [];
      const sync = follower.sync({
        onChange: (c) => void seen.delivered.push(c),
        onReset: async (lastSeq) => {
          seen.resets.push(lastSeq);
          // A write during the app's reload must still be delivered afterwards.
          await writer.call('channels.create', { id: 'during-reload', name: 'During reload' });
          reloadedAt.push((await follower.call('channels.get')).channels.length);
        },
      });
      await eventually('the write made during the reload is delivered', () => seen.delivered.length === 1);
      await writer.call('channels.create', { id: 'after', name: 'After' });
      await eventually('the later write is delivered', () => seen.delivered.length === 2);
      expect(sync.lastSeq).to.equal(102);
      expect(seen.resets).to.deep.equal([100]);
      expect(reloadedAt).to.deep.equal([100]);
      expect(seen.delivered.map((c) => [c.seq, c.ids?.[0]])).to.deep.equal([
        [101, 'during-reload'],
        [102, 'after'],
      ]);
    } finally {
      await small.close();
    }
  });

  it('stops with onError when its access is deleted: the server ends the socket and refuses it again', async () => {
    const owner = clients.connect(server, alice);
    const { access } = await owner.call('accesses.create', { name: 'doomed', type: 'shared', permissions: [{ channelId: '*', level: 'read' }] });
    const doomed = clients.connect(server, { username: alice.username, token: access.token });
    await nextSocketEvent(doomed, 'connect');
    const errors: { error: LogbookError; willRetry: boolean }[] = [];
    const sync = doomed.sync({ onChange: () => undefined, onReset: () => undefined, onError: (error, willRetry) => void errors.push({ error: error as LogbookError, willRetry }) });
    await sync.catchUp();
    const refused = nextSocketEvent<{ data: { id: string } }>(doomed, 'connect_error');
    await owner.call('accesses.delete', { id: access.id });
    // The server disconnects it; the client reconnects once, and the connection is refused.
    expect((await refused).data.id).to.equal('invalid-access-token');
    await sync.catchUp();
    expect(errors.map(({ error, willRetry }) => [error.id, willRetry])).to.deep.equal([['invalid-access-token', false]]);
    await sync.catchUp();
    expect(errors).to.have.length(1);
  });
});
