import { expect } from 'chai';
import { describeApi } from '../helpers/describe-api';
import { connectSocket, expectError, expectOk, flush, nextEvent, recordEvents } from '../helpers/accounts';
import { httpCaller } from '../helpers/callers';

describeApi('accesses', (t) => {
  it('accesses.create makes a shared access by default, with a working token and tracking fields, and returns 201', async () => {
    expectOk(await t.caller.call('channels.create', { id: 'diary', name: 'Diary' }));
    const { access } = expectOk(
      await t.caller.call('accesses.create', { name: 'Coach', deviceName: 'phone', permissions: [{ channelId: 'diary', level: 'read' }], clientData: { color: 'blue', gone: null } }),
      201,
    );
    expect(access).to.include({ type: 'shared', name: 'Coach', deviceName: 'phone' });
    expect(access.permissions).to.deep.equal([{ channelId: 'diary', level: 'read' }]);
    expect(access.clientData).to.deep.equal({ color: 'blue' });
    expect(access.id).to.match(/^[A-Za-z0-9_-]{1,100}$/);
    expect(access.token).to.be.a('string').and.not.equal('');
    expect(access.created).to.be.a('number').and.equal(access.modified);
    expect(access.createdBy).to.be.a('string').and.equal(access.modifiedBy);
    expect(access).to.not.have.property('expires');

    const info = expectOk(await (await t.callerWithToken(access.token)).call('getAccessInfo'));
    expect(info.access).to.deep.equal({ id: access.id, name: 'Coach', type: 'shared', permissions: [{ channelId: 'diary', level: 'read' }] });
  });

  it('accesses.get lists app and shared accesses sorted by name, never the personal sessions of auth.login', async () => {
    expectOk(await t.caller.call('auth.login', { username: t.account.username, password: t.account.password, appId: 'another-session' }));
    const { access: zed } = expectOk(await t.caller.call('accesses.create', { name: 'zed', permissions: [{ channelId: '*', level: 'read' }] }));
    const { access: app } = expectOk(await t.caller.call('accesses.create', { name: 'Alpha app', type: 'app', permissions: [{ channelId: '*', level: 'manage' }] }));
    const { accesses } = expectOk(await t.caller.call('accesses.get'));
    expect(accesses).to.deep.equal([app, zed]);
  });

  it('accesses.create refuses type personal with forbidden', async () => {
    expectError(await t.caller.call('accesses.create', { name: 'x', type: 'personal', permissions: [] }), 'forbidden', 403);
    expect(expectOk(await t.caller.call('accesses.get')).accesses).to.deep.equal([]);
  });

  it('accesses.create refuses permissions naming an unknown channel or folder with unknown-referenced-resource naming it', async () => {
    expectOk(await t.caller.call('channels.create', { id: 'work', name: 'Work' }));
    const channel = expectError(await t.caller.call('accesses.create', { name: 'x', permissions: [{ channelId: 'nope', level: 'read' }] }), 'unknown-referenced-resource', 400);
    expect(channel.data).to.deep.equal({ channelId: 'nope' });
    const folder = expectError(
      await t.caller.call('accesses.create', { name: 'x', permissions: [{ channelId: 'work', folderId: 'nope', level: 'read' }] }),
      'unknown-referenced-resource',
      400,
    );
    expect(folder.data).to.deep.equal({ channelId: 'work', folderId: 'nope' });
    expect(expectOk(await t.caller.call('accesses.get')).accesses).to.deep.equal([]);
  });

  it('accesses.create refuses an expiry in the past, a folder under "*", two permissions on one place and unknown params', async () => {
    const past = expectError(await t.caller.call('accesses.create', { name: 'x', permissions: [], expires: Date.now() / 1000 - 1 }), 'invalid-parameters-format', 400);
    expect(past.data).to.deep.equal([{ path: '/expires', message: 'must be in the future' }]);
    const star = expectError(await t.caller.call('accesses.create', { name: 'x', permissions: [{ channelId: '*', folderId: 'f', level: 'read' }] }), 'invalid-parameters-format', 400);
    expect(star.data[0].path).to.equal('/permissions/0/folderId');
    const twice = [{ channelId: '*', level: 'read' }, { channelId: '*', level: 'manage' }];
    expect(expectError(await t.caller.call('accesses.create', { name: 'x', permissions: twice }), 'invalid-parameters-format', 400).data[0].path).to.equal('/permissions/1');
    expectError(await t.caller.call('accesses.create', { name: 'x', permissions: [{ channelId: '*', level: 'owner' }] }), 'invalid-parameters-format', 400);
    expectError(await t.caller.call('accesses.create', { name: 'x', permissions: [], token: 'mine' }), 'invalid-parameters-format', 400);
    expectError(await t.caller.call('accesses.create', { name: 'x' }), 'invalid-parameters-format', 400);
    expect(expectOk(await t.caller.call('accesses.get')).accesses).to.deep.equal([]);
  });

  it('accesses.create with expires puts it in the access, its token and getAccessInfo', async () => {
    const expires = Date.now() / 1000 + 3600;
    const { access } = expectOk(await t.caller.call('accesses.create', { name: 'Soon gone', permissions: [], expires }));
    expect(access.expires).to.equal(expires);
    const payload = JSON.parse(Buffer.from(access.token.split('.')[1], 'base64url').toString('utf8'));
    expect(payload.exp).to.equal(Math.floor(expires));
    expect(expectOk(await (await t.callerWithToken(access.token)).call('getAccessInfo')).access.expires).to.equal(expires);
  });

  it('accesses.update changes name, deviceName, permissions and clientData, bumps modified and keeps the token', async () => {
    expectOk(await t.caller.call('channels.create', { id: 'one', name: 'One' }));
    expectOk(await t.caller.call('channels.create', { id: 'two', name: 'Two' }));
    const { access } = expectOk(
      await t.caller.call('accesses.create', { name: 'Old', deviceName: 'tablet', permissions: [{ channelId: 'one', level: 'read' }], clientData: { a: 1, b: 2 } }),
    );
    const update = { name: 'New', deviceName: null, permissions: [{ channelId: 'two', level: 'contribute' }], clientData: { a: null, c: 3 } };
    const { access: updated } = expectOk(await t.caller.call('accesses.update', { id: access.id, update }));
    expect(updated).to.include({ id: access.id, name: 'New', token: access.token, created: access.created, createdBy: access.createdBy });
    expect(updated).to.not.have.property('deviceName');
    expect(updated.permissions).to.deep.equal([{ channelId: 'two', level: 'contribute' }]);
    expect(updated.clientData).to.deep.equal({ b: 2, c: 3 });
    expect(updated.modified).to.be.at.least(access.modified);
    expect(expectOk(await t.caller.call('accesses.get')).accesses).to.deep.equal([updated]);
    const channels = expectOk(await (await t.callerWithToken(access.token)).call('channels.get')).channels;
    expect(channels.map((c: { id: string }) => c.id)).to.deep.equal(['two']);
  });

  it('accesses.update re-checks permissions like create', async () => {
    const { access } = expectOk(await t.caller.call('accesses.create', { name: 'x', permissions: [] }));
    expectError(await t.caller.call('accesses.update', { id: access.id, update: { permissions: [{ channelId: 'nope', level: 'read' }] } }), 'unknown-referenced-resource', 400);
    const twice = { permissions: [{ channelId: '*', level: 'read' }, { channelId: '*', level: 'read' }] };
    expect(expectError(await t.caller.call('accesses.update', { id: access.id, update: twice }), 'invalid-parameters-format').data[0].path).to.equal('/update/permissions/1');
    expect(expectOk(await t.caller.call('accesses.get')).accesses[0].permissions).to.deep.equal([]);
  });

  it('accesses.update brings an expiry forward but refuses one in the past or later than the token carries', async () => {
    const now = Date.now() / 1000;
    const { access } = expectOk(await t.caller.call('accesses.create', { name: 'x', permissions: [], expires: now + 7200 }));
    expect(expectOk(await t.caller.call('accesses.update', { id: access.id, update: { expires: now + 3600 } })).access.expires).to.equal(now + 3600);
    expectError(await t.caller.call('accesses.update', { id: access.id, update: { expires: now + 7200 } }), 'invalid-operation', 400);
    expectError(await t.caller.call('accesses.update', { id: access.id, update: { expires: now - 1 } }), 'invalid-parameters-format', 400);
    const { access: open } = expectOk(await t.caller.call('accesses.create', { name: 'y', permissions: [] }));
    expect(expectOk(await t.caller.call('accesses.update', { id: open.id, update: { expires: now + 60 } })).access.expires).to.equal(now + 60);
  });

  it('accesses.update and accesses.delete answer unknown-resource for an unknown id and for another personal session', async () => {
    const { token } = expectOk(await t.caller.call('auth.login', { username: t.account.username, password: t.account.password, appId: 'other' }));
    const otherSession = expectOk(await httpCaller(t.server.url, t.account.username, token).call('getAccessInfo')).access.id;
    for (const id of ['nope', otherSession]) {
      expectError(await t.caller.call('accesses.update', { id, update: { name: 'x' } }), 'unknown-resource', 404);
      expectError(await t.caller.call('accesses.delete', { id }), 'unknown-resource', 404);
    }
    expectOk(await httpCaller(t.server.url, t.account.username, token).call('getAccessInfo'));
  });

  it('accesses.update of the caller itself is forbidden', async () => {
    const self = expectOk(await t.caller.call('getAccessInfo')).access.id;
    expectError(await t.caller.call('accesses.update', { id: self, update: { name: 'me' } }), 'forbidden', 403);
  });

  it('accesses.delete removes the access for good, stops its token and leaves a deletion record', async () => {
    const { access } = expectOk(await t.caller.call('accesses.create', { name: 'Temp', permissions: [{ channelId: '*', level: 'read' }] }));
    const { accessDeletion } = expectOk(await t.caller.call('accesses.delete', { id: access.id }));
    expect(accessDeletion.id).to.equal(access.id);
    expect(accessDeletion.deleted).to.be.a('number');
    expectError(await httpCaller(t.server.url, t.account.username, access.token).call('getAccessInfo'), 'invalid-access-token', 403);
    const listed = expectOk(await t.caller.call('accesses.get', { includeDeletionsSince: access.created - 1 }));
    expect(listed.accesses).to.deep.equal([]);
    expect(listed.accessDeletions).to.deep.include(accessDeletion);
    expectError(await t.caller.call('accesses.delete', { id: access.id }), 'unknown-resource', 404);
  });

  it('accesses.del is accepted as an alias of accesses.delete in a batch', async () => {
    const { access } = expectOk(await t.caller.call('accesses.create', { name: 'Temp', permissions: [] }));
    const { results } = expectOk(await t.caller.call('callBatch', [{ method: 'accesses.del', params: { id: access.id } }]));
    expect(results[0].accessDeletion.id).to.equal(access.id);
  });

  it('accesses.update takes {id, update} in a batch', async () => {
    const { access } = expectOk(await t.caller.call('accesses.create', { name: 'Before', permissions: [] }));
    const { results } = expectOk(await t.caller.call('callBatch', [{ method: 'accesses.update', params: { id: access.id, update: { name: 'After' } } }]));
    expect(results[0].access.name).to.equal('After');
  });

  it('every accesses write sends accessesChanged {seq} to personal sockets, with increasing seq', async () => {
    const watcher = await connectSocket(t.server, t.account.username, t.account.token);
    try {
      const seen = recordEvents<{ seq: number }>(watcher, 'accessesChanged');
      const { access } = expectOk(await t.caller.call('accesses.create', { name: 'Watched', permissions: [] }));
      expectOk(await t.caller.call('accesses.update', { id: access.id, update: { name: 'Still watched' } }));
      const last = nextEvent(watcher, 'accessesChanged');
      expectOk(await t.caller.call('accesses.delete', { id: access.id }));
      await last;
      await flush(watcher);
      expect(seen).to.have.length(3);
      expect(seen.map((payload) => Object.keys(payload).sort().join())).to.deep.equal(['action,ids,seq', 'action,ids,seq', 'action,ids,seq']);
      expect(seen.map((payload) => (payload as unknown as { action: string }).action)).to.deep.equal(['created', 'updated', 'deleted']);
      expect(seen[1].seq).to.be.greaterThan(seen[0].seq);
      expect(seen[2].seq).to.be.greaterThan(seen[1].seq);
    } finally {
      watcher.close();
    }
  });

  it('refuses malformed update and delete params with invalid-parameters-format', async () => {
    const { access } = expectOk(await t.caller.call('accesses.create', { name: 'x', permissions: [] }));
    for (const update of [{ type: 'app' }, { token: 'x' }, { createdBy: 'me' }, { name: '' }, { permissions: 'all' }]) {
      expectError(await t.caller.call('accesses.update', { id: access.id, update }), 'invalid-parameters-format', 400);
    }
    expectError(await t.caller.call('accesses.get', { state: 'all' }), 'invalid-parameters-format', 400);
    expect(expectOk(await t.caller.call('accesses.get')).accesses).to.deep.equal([access]);
  });
});

describeApi('accesses lastUsed', (t) => {
  it('accesses.get shows when a token was last used', async () => {
    const { access, caller } = await t.grant([{ channelId: '*', level: 'read' }]);
    expect(access).to.not.have.property('lastUsed');
    const before = Date.now() / 1000;
    expectOk(await caller.call('getAccessInfo'));
    // the write is bookkeeping after the check: read until it is there, bounded
    let listed: { lastUsed?: number } | undefined;
    for (let attempt = 0; attempt < 50 && listed?.lastUsed === undefined; attempt++) {
      listed = expectOk(await t.caller.call('accesses.get')).accesses.find((a: { id: string }) => a.id === access.id);
    }
    expect(listed!.lastUsed).to.be.within(before - 1, Date.now() / 1000 + 1);
  });
});
