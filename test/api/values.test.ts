import { expect } from 'chai';
import type { Socket } from 'socket.io-client';
import { describeApi } from '../helpers/describe-api';
import { connectSocket, createAccount, expectError, expectOk, flush, recordEvents } from '../helpers/accounts';

const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const KEYS = ['sıcaklık', 'a.b$c/d e', '🌡 temp', 'x'.repeat(200)];

describeApi('current values', (t) => {
  const opened: Socket[] = [];
  afterEach(() => opened.splice(0).forEach((socket) => socket.close()));

  async function listen(token: string): Promise<{ socket: Socket; set: any[]; removed: any[]; changed: any[] }> {
    const socket = await connectSocket(t.server, t.account.username, token);
    opened.push(socket);
    return { socket, set: recordEvents(socket, 'setData'), removed: recordEvents(socket, 'removeData'), changed: recordEvents(socket, 'valuesChanged') };
  }

  beforeEach(async () => {
    expectOk(await t.caller.call('channels.create', { id: 'home', name: 'Home' }));
  });

  it('values.set creates or replaces a value, any JSON, and values.get lists them sorted by key with lastUpdate in ISO 8601', async () => {
    for (const [i, key] of KEYS.entries()) {
      const { value } = expectOk(await t.caller.call('home.values.set', { key, value: { reading: i, nested: { 'a.b': [1, null] } }, icon: 'thermo' }));
      expect(value).to.include({ key, icon: 'thermo' }).and.deep.include({ value: { reading: i, nested: { 'a.b': [1, null] } } });
      expect(value.lastUpdate).to.match(ISO_MS);
    }
    const replaced = expectOk(await t.caller.call('home.values.set', { key: 'sıcaklık', value: 21.5 })).value;
    expect(replaced).to.not.have.property('icon');
    const { values } = expectOk(await t.caller.call('home.values.get', {}));
    expect(values.map((v: any) => v.key)).to.deep.equal([...KEYS].sort());
    expect(values.find((v: any) => v.key === 'sıcaklık')).to.deep.equal(replaced);
    const some = expectOk(await t.caller.call('home.values.get', { keys: ['sıcaklık', 'missing'] })).values;
    expect(some).to.deep.equal([replaced]);
  });

  it('values.delete removes a key (keys with . $ / and spaces round-trip) and answers unknown-resource after', async () => {
    const key = 'a.b$c/d e';
    expectOk(await t.caller.call('home.values.set', { key, value: 'on' }));
    expect(expectOk(await t.caller.call('home.values.delete', { key })).key).to.equal(key);
    expectError(await t.caller.call('home.values.delete', { key }), 'unknown-resource', 404);
    expect(expectOk(await t.caller.call('home.values.get', {})).values).to.deep.equal([]);
  });

  it('refuses keys outside 1..200 characters and unknown channels', async () => {
    expectError(await t.caller.call('home.values.set', { key: 'x'.repeat(201), value: 1 }), 'invalid-parameters-format');
    expectError(await t.caller.call('nowhere.values.get', {}), 'unknown-resource');
  });

  it('takes read to get and contribute to set and delete, on the channel itself', async () => {
    expectOk(await t.caller.call('home.folders.create', { id: 'f', name: 'F' }));
    expectOk(await t.caller.call('home.values.set', { key: 'k', value: 1 }));
    const reader = await t.grant([{ channelId: 'home', level: 'read' }]);
    expect(expectOk(await reader.caller.call('home.values.get', {})).values).to.have.length(1);
    expectError(await reader.caller.call('home.values.set', { key: 'k', value: 2 }), 'forbidden');
    expectError(await reader.caller.call('home.values.delete', { key: 'k' }), 'forbidden');
    const folderOnly = await t.grant([{ channelId: 'home', folderId: 'f', level: 'manage' }]);
    expectError(await folderOnly.caller.call('home.values.get', {}), 'forbidden');
    const contributor = await t.grant([{ channelId: 'home', level: 'contribute' }]);
    expectOk(await contributor.caller.call('home.values.set', { key: 'k', value: 3 }));
    expectOk(await contributor.caller.call('home.values.delete', { key: 'k' }));
  });

  it('tells setData and removeData with the item in seq order to the channel readers only, beside valuesChanged, and changes.get catches up', async () => {
    expectOk(await t.caller.call('channels.create', { id: 'other', name: 'Other' }));
    expectOk(await t.caller.call('home.folders.create', { id: 'f', name: 'F' }));
    const { lastSeq: before } = expectOk(await t.caller.call('changes.get', {}));
    const owner = await listen(t.account.token);
    const reader = await listen((await t.grant([{ channelId: 'home', level: 'read' }])).access.token);
    const folderOnly = await listen((await t.grant([{ channelId: 'home', folderId: 'f', level: 'manage' }])).access.token);
    const otherChannel = await listen((await t.grant([{ channelId: 'other', level: 'manage' }])).access.token);
    const stranger = await createAccount(t.server);
    const strangerSocket = await connectSocket(t.server, stranger.username, stranger.token);
    opened.push(strangerSocket);
    const strangerSet = recordEvents(strangerSocket, 'setData');

    const { value } = expectOk(await t.caller.call('home.values.set', { key: 'sıcaklık', value: { c: 21 }, icon: 'thermo' }));
    expectOk(await t.caller.call('home.values.delete', { key: 'sıcaklık' }));
    for (const socket of [owner, reader, folderOnly, otherChannel]) await flush(socket.socket);
    await flush(strangerSocket);

    for (const socket of [owner, reader]) {
      expect(socket.set).to.have.length(1);
      const [set] = socket.set;
      expect(set).to.deep.equal({ key: 'sıcaklık', lastUpdate: value.lastUpdate, icon: 'thermo', value: { c: 21 }, channelId: 'home', seq: set.seq });
      expect(socket.removed).to.deep.equal([{ key: 'sıcaklık', channelId: 'home', seq: set.seq + 1 }]);
      expect(socket.changed).to.deep.equal([
        { channelId: 'home', seq: set.seq, action: 'updated', ids: ['sıcaklık'] },
        { channelId: 'home', seq: set.seq + 1, action: 'deleted', ids: ['sıcaklık'] },
      ]);
    }
    for (const socket of [folderOnly, otherChannel]) expect([...socket.set, ...socket.removed, ...socket.changed]).to.deep.equal([]);
    expect(strangerSet).to.deep.equal([]);

    const { changes } = expectOk(await t.caller.call('changes.get', { since: before }));
    const valueChanges = changes.filter((c: any) => c.kind === 'values');
    expect(valueChanges.map((c: any) => [c.action, c.ids])).to.deep.equal([['updated', ['sıcaklık']], ['deleted', ['sıcaklık']]]);
  });
});
