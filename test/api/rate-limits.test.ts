import { expect } from 'chai';
import { backends } from '../helpers/backends';
import { connectError, connectSocket, createAccount, expectError, expectOk } from '../helpers/accounts';
import { httpCaller, httpRequest, Outcome, socketCaller } from '../helpers/callers';
import { startServer, TestServer } from '../helpers/test-server';
import type { Config } from '../../src/config';

const embedded = backends[0];

describe('rate limits', function () {
  this.timeout(30000);
  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  async function serve(overrides: Partial<Config>): Promise<TestServer> {
    server = await startServer(embedded, overrides);
    return server;
  }

  const login = (s: TestServer, username: string, password: string) =>
    httpRequest('POST', `${s.url}/${username}/auth/login`, { body: JSON.stringify({ username, password, appId: 'x' }) });

  function refusals(outcomes: Outcome[]): Outcome[] {
    const refused = outcomes.filter((o) => o.error?.id === 'too-many-requests');
    for (const o of refused) {
      if (o.status !== undefined) expect(o.status).to.equal(429);
      expect(o.error!.data.retryAfter).to.be.a('number').and.at.least(1);
    }
    return refused;
  }

  it('auth.login cannot be called inside a batch: a read-only token gets no password guesses and no personal token', async () => {
    const s = await serve({});
    const owner = await createAccount(s);
    const { access } = expectOk(await httpCaller(s.url, owner.username, owner.token).call('accesses.create', { name: 'ro', permissions: [{ channelId: '*', level: 'read' }] }), 201);
    const guesses = [...Array.from({ length: 49 }, (_, i) => `guess-${i}`), owner.password].map((password) => ({ method: 'auth.login', params: { username: owner.username, password, appId: 'x' } }));
    const { results } = expectOk(await httpCaller(s.url, owner.username, access.token).call('callBatch', guesses));
    expect(results.map((r: { error?: { id: string } }) => r.error?.id)).to.deep.equal(guesses.map(() => 'invalid-operation'));
  });

  it('failed logins of one account are refused with 429 after LOGIN_FAILURES_PER_ACCOUNT, the right password too, then wait a growing delay; an unknown account alike', async () => {
    const s = await serve({ loginFailuresPerAccount: 3, loginMaxDelaySeconds: 1 });
    const alice = await createAccount(s);
    for (const username of [alice.username, 'nobody-at-all']) {
      for (let i = 0; i < 3; i++) expectError(await login(s, username, 'wrong'), 'invalid-credentials', 401);
      // A flood at once: one attempt takes the lock, every other is refused without hashing.
      const flood = await Promise.all(Array.from({ length: 20 }, () => login(s, username, 'wrong')));
      expect(refusals(flood)).to.have.length(19);
      expectError(await login(s, username, alice.password), 'too-many-requests', 429);
    }
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expectOk(await login(s, alice.username, alice.password), 200);
    // The success forgot the failures: three more are free again.
    for (let i = 0; i < 3; i++) expectError(await login(s, alice.username, 'wrong'), 'invalid-credentials', 401);
    expectOk(await httpRequest('GET', `${s.url}/health`));
  });

  it('failed logins from one address are refused after LOGIN_FAILURES_PER_IP, whichever accounts they name', async () => {
    const s = await serve({ loginFailuresPerIp: 4 });
    for (let i = 0; i < 4; i++) expectError(await login(s, `someone-${i}`, 'wrong'), 'invalid-credentials', 401);
    const outcome = await login(s, 'someone-else', 'wrong');
    const refused = expectError(outcome, 'too-many-requests', 429);
    expect(refused.data.retryAfter).to.be.above(1);
    expect(outcome.headers.get('retry-after')).to.equal(String(refused.data.retryAfter));
  });

  it('a flood of calls from one access is refused with 429 and retryAfter, each call of a batch counts, and other accesses and the server go on', async () => {
    const s = await serve({ rateCallsPerAccess: 20 });
    const alice = await createAccount(s);
    const bob = await createAccount(s);
    const api = httpCaller(s.url, alice.username, alice.token);
    const outcomes = await Promise.all(Array.from({ length: 30 }, () => api.call('getAccessInfo')));
    expect(refusals(outcomes)).to.have.length(10);
    const { results } = expectOk(await httpCaller(s.url, bob.username, bob.token).call('callBatch', Array.from({ length: 25 }, () => ({ method: 'getAccessInfo' }))));
    // The batch itself counted one: 19 inner calls ran.
    expect(results.filter((r: { error?: { id: string } }) => r.error?.id === 'too-many-requests')).to.have.length(6);
    expectOk(await httpRequest('GET', `${s.url}/health`));
  });

  it('a flood of commands on one socket is refused with too-many-requests and the socket stays connected', async () => {
    const s = await serve({ rateCommandsPerSocket: 10 });
    const alice = await createAccount(s);
    const socket = await connectSocket(s, alice.username, alice.token);
    try {
      const outcomes = await Promise.all(Array.from({ length: 25 }, () => socketCaller(socket).call('getAccessInfo')));
      expect(refusals(outcomes)).to.have.length(15);
      expect(socket.connected).to.equal(true);
    } finally {
      socket.close();
    }
  });

  it('socket connections from one address are refused after RATE_CONNECTIONS_PER_IP with too-many-requests', async () => {
    const s = await serve({ rateConnectionsPerIp: 3 });
    const alice = await createAccount(s);
    const sockets = await Promise.all(Array.from({ length: 3 }, () => connectSocket(s, alice.username, alice.token)));
    try {
      const refused = await connectError(s, alice.username, alice.token);
      expect(refused.id).to.equal('too-many-requests');
      expect(refused.data.retryAfter).to.be.at.least(1);
    } finally {
      sockets.forEach((socket) => socket.close());
    }
  });
});
