import { expect } from 'chai';
import type { Socket } from 'socket.io-client';
import { describeApi } from '../helpers/describe-api';
import { connectSocket, createAccount, expectOk, flush, recordEvents } from '../helpers/accounts';
import { Caller, httpCaller } from '../helpers/callers';

const NAMES = ['channelsChanged', 'foldersChanged', 'eventsChanged', 'accessesChanged'] as const;
type Name = (typeof NAMES)[number];
type Heard = Record<Name, object[]>;

/** Everything of interest a socket hears from now on, by notification name. */
function listen(socket: Socket): Heard {
  return Object.fromEntries(NAMES.map((name) => [name, recordEvents(socket, name)])) as Heard;
}

/** One write of the scenario: what it should send, and to which sockets. */
interface Write {
  run: () => Promise<unknown>;
  name: Name;
  channelId?: string;
  hearers: string[];
  seq?: number;
}

describeApi('scoped notifications', (t) => {
  const opened: Socket[] = [];
  afterEach(() => opened.splice(0).forEach((socket) => socket.close()));

  async function open(username: string, token: string): Promise<Socket> {
    const socket = await connectSocket(t.server, username, token);
    opened.push(socket);
    return socket;
  }

  async function tokenFor(creator: Caller, params: object): Promise<string> {
    return expectOk(await creator.call('accesses.create', { name: `access ${Math.random()}`, ...params }), 201).access.token;
  }

  /** Channel alpha; channel beta with sibling folders f and g. */
  async function seed(): Promise<void> {
    expectOk(await t.caller.call('channels.create', { id: 'alpha', name: 'Alpha' }));
    expectOk(await t.caller.call('channels.create', { id: 'beta', name: 'Beta' }));
    expectOk(await t.caller.call('beta.folders.create', { id: 'f', name: 'F' }));
    expectOk(await t.caller.call('beta.folders.create', { id: 'g', name: 'G' }));
  }

  it('each socket hears exactly the changes its access may read, and no other account hears anything', async () => {
    await seed();
    const appToken = await tokenFor(t.caller, { type: 'app', permissions: [{ channelId: 'alpha', level: 'read' }] });
    const app = httpCaller(t.server.url, t.account.username, appToken);
    const other = await createAccount(t.server);
    const sockets: Record<string, Socket> = {
      personal: await open(t.account.username, t.account.token),
      channelReader: await open(t.account.username, await tokenFor(t.caller, { permissions: [{ channelId: 'alpha', level: 'read' }] })),
      folderReader: await open(t.account.username, await tokenFor(t.caller, { permissions: [{ channelId: 'beta', folderId: 'f', level: 'read' }] })),
      app: await open(t.account.username, appToken),
      otherAccount: await open(other.username, other.token),
    };
    const heard = Object.fromEntries(Object.entries(sockets).map(([who, socket]) => [who, listen(socket)])) as Record<string, Heard>;
    const call = (caller: Caller, method: string, params: object) => async () => expectOk(await caller.call(method, params));
    const event = (folderId: string | null) => ({ folderId, type: 'note/txt' });

    const writes: Write[] = [
      { run: call(t.caller, 'channels.update', { id: 'alpha', update: { name: 'A' } }), name: 'channelsChanged', hearers: ['personal', 'channelReader', 'app'] },
      { run: call(t.caller, 'channels.update', { id: 'beta', update: { name: 'B' } }), name: 'channelsChanged', hearers: ['personal', 'folderReader'] },
      { run: call(t.caller, 'beta.folders.update', { id: 'f', update: { name: 'Eff' } }), name: 'foldersChanged', channelId: 'beta', hearers: ['personal', 'folderReader'] },
      { run: call(t.caller, 'beta.folders.create', { id: 'fs', name: 'Sub', parentId: 'f' }), name: 'foldersChanged', channelId: 'beta', hearers: ['personal', 'folderReader'] },
      { run: call(t.caller, 'beta.folders.update', { id: 'g', update: { name: 'Gee' } }), name: 'foldersChanged', channelId: 'beta', hearers: ['personal'] },
      { run: call(t.caller, 'alpha.folders.create', { name: 'In alpha' }), name: 'foldersChanged', channelId: 'alpha', hearers: ['personal', 'channelReader', 'app'] },
      { run: call(t.caller, 'beta.events.create', event('f')), name: 'eventsChanged', channelId: 'beta', hearers: ['personal', 'folderReader'] },
      { run: call(t.caller, 'beta.events.create', event('fs')), name: 'eventsChanged', channelId: 'beta', hearers: ['personal', 'folderReader'] },
      { run: call(t.caller, 'beta.events.create', event('g')), name: 'eventsChanged', channelId: 'beta', hearers: ['personal'] },
      { run: call(t.caller, 'beta.events.create', event(null)), name: 'eventsChanged', channelId: 'beta', hearers: ['personal'] },
      { run: call(t.caller, 'alpha.events.create', event(null)), name: 'eventsChanged', channelId: 'alpha', hearers: ['personal', 'channelReader', 'app'] },
      { run: call(t.caller, 'accesses.create', { name: 'By personal', permissions: [] }), name: 'accessesChanged', hearers: ['personal'] },
      { run: call(app, 'accesses.create', { name: 'By app', permissions: [] }), name: 'accessesChanged', hearers: ['personal', 'app'] },
      { run: call(httpCaller(t.server.url, other.username, other.token), 'channels.create', { name: 'Elsewhere' }), name: 'channelsChanged', hearers: ['otherAccount'] },
    ];
    for (const write of writes) await write.run();
    for (const socket of Object.values(sockets)) await flush(socket);

    // The personal socket hears every write of its account in order; its seqs name the others' payloads.
    for (const name of NAMES) {
      const ours = writes.filter((w) => w.name === name && w.hearers.includes('personal'));
      const seqs = heard.personal[name].map((payload) => (payload as { seq: number }).seq);
      expect(seqs, name).to.have.length(ours.length);
      ours.forEach((write, index) => (write.seq = seqs[index]));
    }
    const otherSeq = (heard.otherAccount.channelsChanged[0] as { seq: number } | undefined)?.seq;
    writes[writes.length - 1].seq = otherSeq;

    for (const who of Object.keys(sockets)) {
      for (const name of NAMES) {
        const expected = writes
          .filter((w) => w.name === name && w.hearers.includes(who))
          .map((w) => (w.channelId ? { channelId: w.channelId, seq: w.seq } : { seq: w.seq }));
        const seqs = heard[who][name].map((payload) => {
          const { channelId, seq } = payload as { channelId?: string; seq: number };
          return channelId ? { channelId, seq } : { seq };
        });
        expect(seqs, `${who} ${name}`).to.deep.equal(expected);
      }
    }
    const personalSeqs = writes.filter((w) => w.hearers.includes('personal')).map((w) => w.seq!);
    expect([...personalSeqs].sort((a, b) => a - b)).to.deep.equal(personalSeqs);
  });

  it('a notification names its action and ids; a bulk folder delete names the ids only to sockets that read the whole channel', async () => {
    await seed();
    expectOk(await t.caller.call('beta.folders.create', { id: 'fs', name: 'Sub', parentId: 'f' }));
    const personal = await open(t.account.username, t.account.token);
    const subReader = await open(t.account.username, await tokenFor(t.caller, { permissions: [{ channelId: 'beta', folderId: 'fs', level: 'read' }] }));
    const heardPersonal = listen(personal);
    const heardSub = listen(subReader);
    const { event: inSub } = expectOk(await t.caller.call('beta.events.create', { folderId: 'fs', type: 'note/txt' }));
    const { event: inF } = expectOk(await t.caller.call('beta.events.create', { folderId: 'f', type: 'note/txt' }));
    expectOk(await t.caller.call('beta.folders.delete', { id: 'f' }));
    expectOk(await t.caller.call('beta.folders.delete', { id: 'f', mergeEventsWithParent: false }));
    await flush(personal);
    await flush(subReader);

    const created = heardSub.eventsChanged[0] as { action: string; ids: string[]; channelId: string };
    expect(created).to.include({ action: 'created', channelId: 'beta' });
    expect(created.ids).to.deep.equal([inSub.id]);
    // The bulk delete named both events and both folders: the sub-folder reader may read only one of each.
    const bulkEvents = heardPersonal.eventsChanged[2] as { action: string; ids: string[] };
    expect(bulkEvents.action).to.equal('deleted');
    expect([...bulkEvents.ids].sort()).to.deep.equal([inSub.id, inF.id].sort());
    const subBulk = heardSub.eventsChanged[heardSub.eventsChanged.length - 1] as { action: string; ids?: string[] };
    expect(subBulk.action).to.equal('deleted');
    expect(subBulk).to.not.have.property('ids');
    const subFolders = heardSub.foldersChanged[heardSub.foldersChanged.length - 1] as { action: string; ids?: string[] };
    expect(subFolders).to.include({ action: 'deleted' });
    expect(subFolders).to.not.have.property('ids');
    expect((heardPersonal.foldersChanged[heardPersonal.foldersChanged.length - 1] as { ids: string[] }).ids.sort()).to.deep.equal(['f', 'fs']);
  });

  it('after accesses.update an open socket hears what its new permissions may read, and no longer what the old ones did', async () => {
    await seed();
    const { access } = expectOk(await t.caller.call('accesses.create', { name: 'Moving', permissions: [{ channelId: 'alpha', level: 'read' }] }));
    const socket = await open(t.account.username, access.token);
    const heard = listen(socket);
    expectOk(await t.caller.call('alpha.events.create', { type: 'note/txt' }));
    await flush(socket);
    expect(heard.eventsChanged).to.have.length(1);

    expectOk(await t.caller.call('accesses.update', { id: access.id, update: { permissions: [{ channelId: 'beta', folderId: 'g', level: 'read' }] } }));
    expectOk(await t.caller.call('alpha.events.create', { type: 'note/txt' }));
    expectOk(await t.caller.call('beta.events.create', { folderId: 'f', type: 'note/txt' }));
    const { event } = expectOk(await t.caller.call('beta.events.create', { folderId: 'g', type: 'note/txt' }));
    await flush(socket);
    expect(heard.eventsChanged.map((payload) => (payload as { channelId: string }).channelId)).to.deep.equal(['alpha', 'beta']);
    expect(heard.accessesChanged).to.deep.equal([]);
    expect(expectOk(await httpCaller(t.server.url, t.account.username, access.token).call('beta.events.get')).events.map((e: { id: string }) => e.id)).to.deep.equal([event.id]);
  });

  it('an app socket hears accessesChanged for the shared accesses it created, whoever changes them, and not for others', async () => {
    const appToken = await tokenFor(t.caller, { type: 'app', permissions: [] });
    const app = httpCaller(t.server.url, t.account.username, appToken);
    const socket = await open(t.account.username, appToken);
    const heard = listen(socket);
    const { access: child } = expectOk(await app.call('accesses.create', { name: 'Child', permissions: [] }));
    expectOk(await t.caller.call('accesses.update', { id: child.id, update: { name: 'Renamed by personal' } }));
    expectOk(await t.caller.call('accesses.create', { name: 'Not the app’s', permissions: [] }));
    expectOk(await t.caller.call('accesses.delete', { id: child.id }));
    await flush(socket);
    const seqs = heard.accessesChanged.map((payload) => (payload as { seq: number }).seq);
    expect(seqs).to.have.length(3);
    expect(seqs[1]).to.be.greaterThan(seqs[0]);
    expect(seqs[2]).to.equal(seqs[1] + 2);
    expect(heard.channelsChanged.concat(heard.foldersChanged, heard.eventsChanged)).to.deep.equal([]);
  });
});
