import { expect } from 'chai';
import { LogbookError, type ResultOf } from '@logbook/client';
import { Clients, createAccount, eventually, nextSocketEvent, startEmbeddedServer, type Account, type TestServer } from './helpers';

describe('JavaScript client: calls and notifications', () => {
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

  it('calls account and channel methods over the socket once it is connected, without meta', async () => {
    const client = clients.connect(server, alice);
    await nextSocketEvent(client, 'connect');
    expect(client.connected).to.equal(true);
    const { channel } = await client.call('channels.create', { id: 'work', name: 'Work' });
    expect(channel).to.include({ id: 'work', name: 'Work', enforceNoEventsOverlap: false });
    const { event } = await client.call('work.events.create', { type: 'note/txt', content: 'hello', tags: ['a'] });
    expect(event).to.include({ channelId: 'work', type: 'note/txt', content: 'hello' });
    const listed = await client.call('work.events.get');
    expect(listed).to.have.all.keys('events');
    expect(listed.events.map((e) => e.id)).to.deep.equal([event.id]);
  });

  it('falls back to HTTP while the socket is not connected, with the same results', async () => {
    const offline = clients.connect(server, alice, { socketOptions: { autoConnect: false } });
    expect(offline.connected).to.equal(false);
    await offline.call('channels.create', { id: 'diary', name: 'Diary' });
    const { event } = await offline.call('diary.events.create', { type: 'mass/kg', content: 70 });
    const overHttp = await offline.call('diary.events.getOne', { id: event.id });
    const online = clients.connect(server, alice);
    await nextSocketEvent(online, 'connect');
    const overSocket = await online.call('diary.events.getOne', { id: event.id });
    expect(overHttp).to.deep.equal({ event });
    expect(overSocket).to.deep.equal(overHttp);
    // callBatch is the batch itself over HTTP, never a batch inside a batch.
    const batch = await offline.call('callBatch', [{ method: 'channels.get' }, { method: 'nope.events.get' }]);
    expect(batch.results).to.have.length(2);
    expect(batch.results[1]).to.have.nested.property('error.id', 'unknown-resource');
  });

  for (const transport of ['socket', 'http'] as const) {
    it(`rejects with a LogbookError carrying {id, message, data} [${transport}]`, async () => {
      const client = clients.connect(server, alice, { socketOptions: { autoConnect: transport === 'socket' } });
      if (transport === 'socket') await nextSocketEvent(client, 'connect');
      const unknown = await client.call('nowhere.events.getOne', { id: 'x' }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(unknown).to.be.instanceOf(LogbookError);
      expect(unknown).to.include({ id: 'unknown-resource' });
      expect((unknown as LogbookError).message).to.be.a('string').and.not.equal('');
      const invalid = (await client.call('channels.create', { name: '' }).catch((error: unknown) => error)) as LogbookError;
      expect(invalid.id).to.equal('invalid-parameters-format');
      expect(invalid.data).to.be.an('array').that.is.not.empty;
      expect(invalid.toJSON()).to.have.all.keys('id', 'message', 'data');
    });
  }

  it('rejects a bad token over HTTP and refuses it at connect', async () => {
    const stranger = clients.connect(server, { username: alice.username, token: 'not-a-token' });
    const refused = await nextSocketEvent<{ data: { id: string } }>(stranger, 'connect_error');
    expect(refused.data.id).to.equal('invalid-access-token');
    const error = (await stranger.call('channels.get').catch((e: unknown) => e)) as LogbookError;
    expect(error).to.be.instanceOf(LogbookError);
    expect(error.id).to.equal('invalid-access-token');
  });

  it('hands typed notifications to handlers, and stops when asked', async () => {
    const listener = clients.connect(server, alice);
    const writer = clients.connect(server, alice, { socketOptions: { autoConnect: false } });
    await nextSocketEvent(listener, 'connect');
    const heard: { channelId: string; seq: number }[] = [];
    const channelSeqs: number[] = [];
    const stop = listener.on('eventsChanged', ({ channelId, seq }) => heard.push({ channelId, seq }));
    listener.on('channelsChanged', ({ seq }) => channelSeqs.push(seq));
    await writer.call('channels.create', { id: 'log', name: 'Log' });
    await writer.call('log.events.create', { type: 'note/txt', content: 1 });
    await eventually('the event notification arrives', () => heard.length === 1);
    const { changes } = await writer.call('changes.get', { since: 0 });
    const eventChange = changes.find((c) => c.kind === 'events')!;
    expect(heard).to.deep.equal([{ channelId: 'log', seq: eventChange.seq }]);
    expect(channelSeqs).to.deep.equal([changes.find((c) => c.kind === 'channels')!.seq]);
    stop();
    await writer.call('log.events.create', { type: 'note/txt', content: 2 });
    // One connection keeps the server's order: once the later channel notification is here, the event's would be too.
    await writer.call('channels.update', { id: 'log', update: { name: 'Log 2' } });
    await eventually('the channel notification of the later write arrives', () => channelSeqs.length === 2);
    expect(heard).to.have.length(1);
  });

  it('types params and results by method id, channel-scoped ids included', () => {
    // Compile-time checks: this test passes by compiling.
    const events: ResultOf<'work.events.get'>['events'] = [];
    const lastSeq: ResultOf<'changes.get'>['lastSeq'] = 0;
    const typed = (client: ReturnType<Clients['connect']>): void => {
      // @ts-expect-error events.create needs a type
      void client.call('work.events.create', { content: 1 });
      // @ts-expect-error no such method
      void client.call('channels.explode', {});
      // @ts-expect-error limit is a number
      void client.call('changes.get', { limit: '10' });
      void client.call('getAccessInfo');
    };
    expect([events, lastSeq, typeof typed]).to.deep.equal([[], 0, 'function']);
  });
});
