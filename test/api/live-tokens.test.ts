import { expect } from 'chai';
import { describeApi } from '../helpers/describe-api';
import { connectSocket, expectError, expectOk, nextEvent } from '../helpers/accounts';
import { httpCaller } from '../helpers/callers';

describeApi('live tokens', (t) => {
  it('a socket whose token expires is closed at expiry, and the token then gets invalid-access-token', async () => {
    // Two seconds: on a loaded machine (the whole suite on FerretDB) the create and the connection took more than one.
    const expires = Date.now() / 1000 + 2;
    const { access } = expectOk(await t.caller.call('accesses.create', { name: 'brief', permissions: [{ channelId: '*', level: 'read' }], expires }), 201);
    const socket = await connectSocket(t.server, t.account.username, access.token);
    try {
      expect(await nextEvent(socket, 'disconnect', 4000)).to.equal('io server disconnect');
    } finally {
      socket.close();
    }
    expect(Date.now() / 1000).to.be.at.least(expires);
    expectError(await httpCaller(t.server.url, t.account.username, access.token).call('getAccessInfo'), 'invalid-access-token', 403);
  });

  it('changes.get lists only the changes the caller may read', async () => {
    expectOk(await t.caller.call('channels.create', { id: 'open', name: 'Open' }));
    expectOk(await t.caller.call('channels.create', { id: 'closed', name: 'Closed' }));
    expectOk(await t.caller.call('closed.folders.create', { id: 'f', name: 'F' }));
    expectOk(await t.caller.call('open.events.create', { type: 'note/txt', content: 'seen' }));
    expectOk(await t.caller.call('closed.events.create', { type: 'note/txt', content: 'hidden', folderId: 'f' }));
    const { caller } = await t.grant([{ channelId: 'open', level: 'read' }]);
    const { changes, lastSeq } = expectOk(await caller.call('changes.get'));
    expect(changes.map((c: { kind: string; channelId?: string }) => `${c.kind}:${c.channelId}`)).to.deep.equal(['channels:open', 'events:open']);
    const everything = expectOk(await t.caller.call('changes.get'));
    expect(lastSeq).to.equal(everything.lastSeq);
    expect(everything.changes.length).to.be.greaterThan(changes.length);
  });
});
