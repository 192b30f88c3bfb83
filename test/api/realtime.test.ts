import { expect } from 'chai';
import { backends } from '../helpers/backends';
import { Account, createAccount, expectError, expectOk } from '../helpers/accounts';
import { httpCaller, httpRequest } from '../helpers/callers';
import { connectMessenger, dropConnection, Messenger } from '../helpers/messengers';
import { startServer, TestServer } from '../helpers/test-server';

const notices = (event: string) => (p: any) => p.type === 'notice' && p.message.event === event;
const ofType = (type: string) => (p: any) => p.type === type;

for (const backend of backends) {
  describe(`realtime messages between users [${backend.name}]`, function () {
    this.timeout(20000);
    let server: TestServer;
    let alice: Account;
    let bob: Account;
    const open: Messenger[] = [];

    before(async () => {
      server = await startServer(backend, { realtimeMaxGroups: 3, rateRealtimePerConnection: 40, rateWindowSeconds: 60 });
    });
    after(() => server.close());
    beforeEach(async () => {
      [alice, bob] = await Promise.all([createAccount(server), createAccount(server)]);
    });
    afterEach(() => open.splice(0).forEach((m) => m.socket.close()));

    async function messenger(account: Pick<Account, 'username' | 'token'>, options: { root?: boolean; greeted?: boolean } = {}): Promise<Messenger> {
      const m = await connectMessenger(server, account.username, account.token, options);
      open.push(m);
      return m;
    }

    /** A round trip on each socket after the fact: whatever was sent to it before has arrived. */
    async function settle(...messengers: Messenger[]): Promise<void> {
      await Promise.all(messengers.map((m) => m.caller.call('getAccessInfo', {})));
    }

    it('greets a connection that may message with its own user and cid', async () => {
      const a = await messenger(alice);
      expect(a.received).to.deep.equal([{ type: 'success', message: { user: alice.username, cid: a.socket.id }, sender: null, sender_cid: null }]);
    });

    it('joins: the other members get a join notice, the joiner none; members and groups list the connections', async () => {
      const [a, b] = [await messenger(alice), await messenger(bob)];
      expectOk(await a.caller.call('realtime.join', { group: 'room' }));
      expectOk(await b.caller.call('realtime.join', { group: 'room' }));
      const [notice] = await a.until(1, notices('join'));
      expect(notice).to.deep.equal({ type: 'notice', group: 'room', message: { event: 'join', user: bob.username, cid: b.socket.id }, sender: bob.username, sender_cid: b.socket.id });
      // joining again changes nothing and tells no one
      expectOk(await b.caller.call('realtime.join', { group: 'room' }));
      await settle(a, b);
      expect(a.messages()).to.have.length(1);
      expect(b.messages()).to.deep.equal([]);
      const expected = [{ user: alice.username, cid: a.socket.id }, { user: bob.username, cid: b.socket.id }].sort((x, y) => (x.user < y.user ? -1 : 1));
      expect(expectOk(await a.caller.call('realtime.members', { group: 'room' })).members).to.deep.equal(expected);
      expect(expectOk(await b.caller.call('realtime.groups', {})).groups).to.deep.equal([{ group: 'room', members: expected }]);
      expect(expectOk(await b.caller.call('realtime.members', { group: 'empty' })).members).to.deep.equal([]);
    });

    it('posts to a group reach its other members only, with sender and sender_cid; non-members may not post', async () => {
      const [a, b, outsider] = [await messenger(alice), await messenger(bob), await messenger(bob)];
      for (const m of [a, b]) expectOk(await m.caller.call('realtime.join', { group: 'g' }));
      const message = { text: 'hello', nested: [1, { x: null }] };
      expectOk(await a.caller.call('realtime.post', { group: 'g', message }));
      const [got] = await b.until(1, ofType('message'));
      expect(got).to.deep.equal({ type: 'message', group: 'g', message, sender: alice.username, sender_cid: a.socket.id });
      expectError(await outsider.caller.call('realtime.post', { group: 'g', message: 'let me in' }), 'forbidden');
      await settle(a, b, outsider);
      expect(a.messages().filter(ofType('message'))).to.deep.equal([]);
      expect(outsider.messages()).to.deep.equal([]);
    });

    it('private messages reach every messaging connection of the account (root namespace included) but the sender’s', async () => {
      const [a, b1, b2] = [await messenger(alice), await messenger(bob), await messenger(bob, { root: true })];
      const other = await messenger(alice);
      expectOk(await a.caller.call('realtime.post', { user: bob.username, message: 'psst' }));
      for (const m of [b1, b2]) expect(await m.until(1, ofType('private'))).to.deep.equal([{ type: 'private', message: 'psst', sender: alice.username, sender_cid: a.socket.id }]);
      expectOk(await b1.caller.call('realtime.post', { user: bob.username, message: 'note to self' }));
      expect((await b2.until(2, ofType('private')))[1].message).to.equal('note to self');
      await settle(a, other, b1);
      expect(a.messages()).to.deep.equal([]);
      expect(other.messages()).to.deep.equal([]);
      expect(b1.messages()).to.have.length(1);
    });

    it('a post to an unknown user is unknown-resource; an account that refuses private messages is forbidden to others', async () => {
      const [a, b] = [await messenger(alice), await messenger(bob)];
      expectError(await a.caller.call('realtime.post', { user: 'nobody-here-0', message: 1 }), 'unknown-resource');
      const bobHttp = httpCaller(server.url, bob.username, bob.token);
      expect(expectOk(await bobHttp.call('realtime.getSettings', {})).settings).to.deep.equal({ acceptPrivateMessages: true });
      expect(expectOk(await bobHttp.call('realtime.updateSettings', { acceptPrivateMessages: false })).settings).to.deep.equal({ acceptPrivateMessages: false });
      expectError(await a.caller.call('realtime.post', { user: bob.username, message: 'hi' }), 'forbidden');
      expectOk(await b.caller.call('realtime.post', { user: bob.username, message: 'self is fine' }));
      expect(expectOk(await b.caller.call('realtime.getSettings', {})).settings).to.deep.equal({ acceptPrivateMessages: false });
      expectOk(await bobHttp.call('realtime.updateSettings', { acceptPrivateMessages: true }));
      expectOk(await a.caller.call('realtime.post', { user: bob.username, message: 'hi' }));
      expect((await b.until(1, (p) => p.type === 'private' && p.sender === alice.username))[0].message).to.equal('hi');
    });

    it('leave and a dropped connection tell the group; presence follows', async () => {
      const [a, b, c] = [await messenger(alice), await messenger(bob), await messenger(bob)];
      for (const m of [a, b, c]) expectOk(await m.caller.call('realtime.join', { group: 'g' }));
      expectOk(await b.caller.call('realtime.join', { group: 'h' }));
      expectOk(await a.caller.call('realtime.join', { group: 'h' }));
      expectOk(await c.caller.call('realtime.leave', { group: 'g' }));
      expect((await a.until(1, notices('leave')))[0].message).to.deep.equal({ event: 'leave', user: bob.username, cid: c.socket.id });
      const bCid = b.socket.id;
      dropConnection(b);
      const leaves = await a.until(3, notices('leave'));
      expect(leaves.slice(1).map((p) => [p.group, p.message.cid]).sort()).to.deep.equal([['g', bCid], ['h', bCid]]);
      expect(expectOk(await a.caller.call('realtime.members', { group: 'g' })).members).to.deep.equal([{ user: alice.username, cid: a.socket.id }]);
      expect(expectOk(await a.caller.call('realtime.groups', {})).groups.map((g: any) => g.group)).to.deep.equal(['g', 'h']);
      expectOk(await c.caller.call('realtime.leave', { group: 'g' }));
    });

    it('shared accesses neither get a greeting nor message; over HTTP only posts and settings exist', async () => {
      const a = await messenger(alice);
      const { access } = expectOk(await a.caller.call('accesses.create', { name: 'shared', type: 'shared', permissions: [{ channelId: '*', level: 'read' }] }));
      const shared = await messenger({ username: alice.username, token: access.token }, { greeted: false });
      await settle(shared);
      expect(shared.received).to.deep.equal([]);
      for (const [id, params] of [['realtime.join', { group: 'g' }], ['realtime.post', { user: bob.username, message: 1 }], ['realtime.members', { group: 'g' }], ['realtime.getSettings', {}]] as const) {
        expectError(await shared.caller.call(id, params), 'forbidden');
      }
      const http = httpCaller(server.url, alice.username, alice.token);
      expectError(await http.call('callBatch', [{ method: 'realtime.join', params: { group: 'g' } }]).then((o) => ({ error: o.result.results[0].error })), 'invalid-operation');
      const batch = expectOk(await a.caller.call('callBatch', [{ method: 'realtime.join', params: { group: 'g' } }, { method: 'realtime.groups', params: {} }]));
      expect(batch.results[1].groups.map((g: any) => g.group)).to.deep.equal(['g']);
      const app = expectOk(await http.call('accesses.create', { name: 'app', type: 'app', permissions: [{ channelId: '*', level: 'read' }] })).access;
      expectError(await httpCaller(server.url, alice.username, app.token).call('realtime.updateSettings', { acceptPrivateMessages: false }), 'forbidden');
    });

    it('posts over HTTP have a null sender_cid; to a group, some connection of the account must be in it', async () => {
      const [a, b] = [await messenger(alice), await messenger(bob)];
      const http = httpCaller(server.url, alice.username, alice.token);
      expectError(await http.call('realtime.post', { group: 'g', message: 'x' }), 'forbidden', 403);
      for (const m of [a, b]) expectOk(await m.caller.call('realtime.join', { group: 'g' }));
      expectOk(await http.call('realtime.post', { group: 'g', message: 'from http' }));
      for (const m of [a, b]) expect((await m.until(1, ofType('message')))[0]).to.deep.equal({ type: 'message', group: 'g', message: 'from http', sender: alice.username, sender_cid: null });
      expectOk(await http.call('realtime.post', { user: bob.username, message: 'dm' }));
      expect((await b.until(1, ofType('private')))[0].sender_cid).to.equal(null);
      const raw = await httpRequest('POST', `${server.url}/${alice.username}/realtime/post`, { token: alice.token, body: JSON.stringify({ message: 1 }) });
      expect(raw.status).to.equal(400);
      expect(raw.error!.id).to.equal('invalid-parameters-format');
    });

    it('bounds messages, group names and groups per connection', async () => {
      const a = await messenger(alice);
      expectOk(await a.caller.call('realtime.join', { group: 'g' }));
      const big = expectError(await a.caller.call('realtime.post', { group: 'g', message: 'x'.repeat(8192) }), 'request-too-large');
      expect(big.data).to.deep.equal({ limit: 8192 });
      expectOk(await a.caller.call('realtime.post', { group: 'g', message: 'é'.repeat(4000) }));
      expectError(await a.caller.call('realtime.join', { group: 'x'.repeat(101) }), 'invalid-parameters-format');
      expectError(await a.caller.call('realtime.join', { group: '' }), 'invalid-parameters-format');
      expectError(await a.caller.call('realtime.post', { group: 'g', user: bob.username, message: 1 }), 'invalid-parameters-format');
      // concurrent joins cannot pass the bound together
      const joins = await Promise.all(Array.from({ length: 10 }, (_, i) => a.caller.call('realtime.join', { group: `${i} 🙂` })));
      expect(joins.filter((o) => !o.error)).to.have.length(2);
      for (const refused of joins.filter((o) => o.error)) expect(expectError(refused, 'invalid-operation').data).to.deep.equal({ limit: 3 });
      expect(expectOk(await a.caller.call('realtime.groups', {})).groups).to.have.length(3);
    });

    it('refuses a flood with too-many-requests and retryAfter, and keeps serving', async () => {
      const [a, b] = [await messenger(alice), await messenger(bob)];
      const outcomes = await Promise.all(Array.from({ length: 60 }, (_, i) => a.caller.call('realtime.post', { user: bob.username, message: i })));
      const refused = outcomes.filter((o) => o.error?.id === 'too-many-requests');
      expect(refused.length).to.be.at.least(20);
      expect(refused[0].error!.data.retryAfter).to.be.a('number').and.at.least(1);
      const delivered = outcomes.filter((o) => !o.error).length;
      await b.until(delivered, ofType('private'));
      await settle(b);
      expect(b.messages()).to.have.length(delivered);
      // another connection has its own allowance
      expectOk(await b.caller.call('realtime.post', { user: alice.username, message: 'still here' }));
      expect((await httpRequest('GET', `${server.url}/health`, {})).status).to.equal(200);
    });

    it('a deleted access’s connection is closed and leaves its groups', async () => {
      const a = await messenger(alice);
      const http = httpCaller(server.url, bob.username, bob.token);
      const app = expectOk(await http.call('accesses.create', { name: 'chat app', type: 'app', permissions: [{ channelId: '*', level: 'read' }] })).access;
      const b = await messenger({ username: bob.username, token: app.token });
      for (const m of [a, b]) expectOk(await m.caller.call('realtime.join', { group: 'g' }));
      const bCid = b.socket.id;
      expectOk(await http.call('accesses.delete', { id: app.id }));
      expect((await a.until(1, notices('leave')))[0].message.cid).to.equal(bCid);
      expect(expectOk(await a.caller.call('realtime.members', { group: 'g' })).members).to.have.length(1);
    });
  });
}
