import { expect } from 'chai';
import { connectSocket, createAccount, expectError, expectOk, nextEvent } from '../helpers/accounts';
import { backends } from '../helpers/backends';
import { httpRequest } from '../helpers/callers';
import { startServer, TestServer } from '../helpers/test-server';

const json = (value: unknown) => JSON.stringify(value);

for (const backend of backends) {
  describe(`HTTP door [${backend.name}]`, function () {
    let server: TestServer;
    before(async () => {
      server = await startServer(backend, { maxBodyBytes: 16 * 1024, domain: 'logbook.test', corsOrigins: ['https://app.example'] });
    });
    after(() => server.close());

    it('every response, success or failure, carries API-Version and Server-Time headers and meta', async () => {
      const alice = await createAccount(server);
      for (const outcome of [
        await httpRequest('GET', `${server.url}/${alice.username}/access-info`, { token: alice.token }),
        await httpRequest('GET', `${server.url}/${alice.username}/access-info`),
      ]) {
        expect(outcome.headers.get('api-version')).to.match(/^\d+\.\d+\.\d+/);
        expect(Number(outcome.headers.get('server-time'))).to.be.closeTo(Date.now() / 1000, 60);
      }
      const ok = await httpRequest('GET', `${server.url}/${alice.username}/access-info`, { token: alice.token });
      expect(ok.result.meta).to.have.keys('apiVersion', 'serverTime');
    });

    it('takes the token from Authorization (raw or Bearer) or the auth query parameter', async () => {
      const alice = await createAccount(server);
      const base = `${server.url}/${alice.username}/access-info`;
      expectOk(await httpRequest('GET', base, { token: alice.token }));
      expectOk(await httpRequest('GET', base, { token: `Bearer ${alice.token}` }));
      expectOk(await httpRequest('GET', `${base}?auth=${alice.token}`));
    });

    it('answers 401 without a token, 403 for a bad one, 403 forbidden for another account and 404 for an unknown user', async () => {
      const alice = await createAccount(server);
      const bob = await createAccount(server);
      expectError(await httpRequest('GET', `${server.url}/${alice.username}/channels`), 'invalid-access-token', 401);
      expectError(await httpRequest('GET', `${server.url}/${alice.username}/channels`, { token: 'garbage' }), 'invalid-access-token', 403);
      expectError(await httpRequest('GET', `${server.url}/${alice.username}/channels`, { token: bob.token }), 'forbidden', 403);
      expectError(await httpRequest('GET', `${server.url}/no-such-user/channels`, { token: alice.token }), 'unknown-resource', 404);
    });

    it('answers unparsable JSON with invalid-request-structure and a body above MAX_BODY_BYTES with request-too-large', async () => {
      const alice = await createAccount(server);
      const url = `${server.url}/${alice.username}/channels`;
      expectError(await httpRequest('POST', url, { token: alice.token, body: '{"name": ' }), 'invalid-request-structure', 400);
      expectError(await httpRequest('POST', url, { token: alice.token, body: json({ name: 'x', clientData: { big: 'y'.repeat(20 * 1024) } }) }), 'request-too-large', 413);
      const { channels } = expectOk(await httpRequest('GET', url, { token: alice.token }));
      expect(channels).to.deep.equal([]);
    });

    it('answers unknown routes with invalid-method', async () => {
      const alice = await createAccount(server);
      expectError(await httpRequest('GET', `${server.url}/${alice.username}/nothing/here/at/all`, { token: alice.token }), 'invalid-method', 404);
      expectError(await httpRequest('PATCH', `${server.url}/${alice.username}/channels`, { token: alice.token }), 'invalid-method', 404);
    });

    it('matches API paths case-insensitively with an optional trailing slash, answers HEAD without a body, and finds no account in `POST /`', async () => {
      const alice = await createAccount(server);
      const headers = { authorization: alice.token };
      for (const path of [`/${alice.username}/access-info/`, `/${alice.username}/ACCESS-INFO`]) {
        const response = await fetch(`${server.url}${path}`, { headers });
        expect(response.status, path).to.equal(200);
        expect(((await response.json()) as { user: { username: string } }).user.username).to.equal(alice.username);
      }
      const get = await fetch(`${server.url}/${alice.username}/access-info`, { headers });
      const head = await fetch(`${server.url}/${alice.username}/access-info`, { method: 'HEAD', headers });
      expect(head.status).to.equal(200);
      // The length of the body a GET would carry (not equal to this GET's: serverTime has varying digits).
      expect(Number(head.headers.get('content-length'))).to.be.within(Number(get.headers.get('content-length')) - 4, Number(get.headers.get('content-length')) + 4);
      expect(head.headers.get('content-type')).to.equal('application/json; charset=utf-8');
      expect(head.headers.get('api-version')).to.equal(get.headers.get('api-version'));
      expect(await head.text()).to.equal('');
      const rootBatch = await fetch(`${server.url}/`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '[]' });
      expect(rootBatch.status).to.equal(404);
      expect(((await rootBatch.json()) as { error: { id: string } }).error.id).to.equal('invalid-method');
    });

    it('hands a long path id to the params check, not to a 404', async () => {
      const alice = await createAccount(server);
      const response = await fetch(`${server.url}/${alice.username}/accesses/${'x'.repeat(9000)}`, { method: 'DELETE', headers: { authorization: alice.token } });
      const body = (await response.json()) as { error: { id: string } };
      expect(body.error.id).to.equal('invalid-parameters-format');
    });

    it('answers a URL longer than Node accepts with request-too-large and a JSON body, not a bare 431', async () => {
      const alice = await createAccount(server);
      const url = `${server.url}/${alice.username}/channels?state=${'x'.repeat(20 * 1024)}`;
      expectError(await httpRequest('GET', url, { token: alice.token }), 'request-too-large', 413);
    });

    it('coerces query strings and refuses operator-shaped query keys', async () => {
      const alice = await createAccount(server);
      const url = `${server.url}/${alice.username}/channels`;
      expectOk(await httpRequest('POST', url, { token: alice.token, body: json({ id: 'gone', name: 'Gone' }) }));
      expectOk(await httpRequest('DELETE', `${url}/gone`, { token: alice.token }));
      const { channels } = expectOk(await httpRequest('GET', `${url}?state=trashed&includeDeletionsSince=0`, { token: alice.token }));
      expect(channels.map((c: { id: string }) => c.id)).to.deep.equal(['gone']);
      expectError(await httpRequest('GET', `${url}?includeDeletionsSince=yesterday`, { token: alice.token }), 'invalid-parameters-format', 400);
      expectError(await httpRequest('GET', `${url}?state[$ne]=x`, { token: alice.token }), 'invalid-parameters-format', 400);
      expectError(await httpRequest('GET', `${url}?state=all&state=trashed`, { token: alice.token }), 'invalid-parameters-format', 400);
    });

    it('serves {username}.DOMAIN without the /{username} prefix', async () => {
      const alice = await createAccount(server);
      const host = `${alice.username}.logbook.test`;
      const created = await httpRequest('POST', `${server.url}/channels`, { token: alice.token, body: json({ name: 'By host' }), headers: { host } });
      expect(expectOk(created, 201).channel.name).to.equal('By host');
      const { channels } = expectOk(await httpRequest('GET', `${server.url}/channels`, { token: alice.token, headers: { host } }));
      expect(channels).to.have.length(1);
      const batch = await httpRequest('POST', `${server.url}/`, { token: alice.token, body: json([{ method: 'channels.get' }]), headers: { host } });
      expect(expectOk(batch).results[0].channels).to.have.length(1);
    });

    it('names every call with a request id: the client\'s X-Request-Id when it is a short token, else a new one', async () => {
      const given = await httpRequest('GET', `${server.url}/health`, { headers: { 'x-request-id': 'client-42.a' } });
      expect(given.headers.get('x-request-id')).to.equal('client-42.a');
      const made = await httpRequest('GET', `${server.url}/health`, { headers: { 'x-request-id': 'not ok {}' } });
      expect(made.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
    });

    it('allows configured CORS origins only', async () => {
      const alice = await createAccount(server);
      const url = `${server.url}/${alice.username}/access-info`;
      const allowed = await httpRequest('GET', url, { token: alice.token, headers: { origin: 'https://app.example' } });
      expect(allowed.headers.get('access-control-allow-origin')).to.equal('https://app.example');
      const other = await httpRequest('GET', url, { token: alice.token, headers: { origin: 'https://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).to.equal(null);
      const preflight = await fetch(url, { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'PUT' } });
      expect(preflight.status).to.equal(204);
    });

    it('GET /health answers 200 and GET /metrics serves Prometheus text counting calls', async () => {
      const health = await httpRequest('GET', `${server.url}/health`);
      expect(health.status).to.equal(200);
      const alice = await createAccount(server);
      await connectSocket(server, alice.username, alice.token).then((socket) => socket.close());
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).to.match(/logbook_calls_total\{method="auth.login",transport="http",outcome="ok"\} \d+/);
      expect(metrics).to.include('logbook_sockets_open');
      // Latency by method (prom-client histogram) and the default process metrics.
      expect(metrics).to.match(/logbook_call_duration_seconds_bucket\{le="0\.005",method="auth.login",transport="http"\} \d+/);
      expect(metrics).to.match(/logbook_call_duration_seconds_count\{method="auth.login",transport="http"\} \d+/);
      expect(metrics).to.include('process_resident_memory_bytes');
      expect(metrics).to.include('nodejs_eventloop_lag_seconds');
    });

    describe('account administration', () => {
      it('POST /users needs the admin key: 401 without, 403 with a wrong one', async () => {
        const body = json({ username: 'someone-new', password: 'long enough' });
        expectError(await httpRequest('POST', `${server.url}/users`, { body }), 'invalid-access-token', 401);
        expectError(await httpRequest('POST', `${server.url}/users`, { body, token: 'wrong' }), 'invalid-access-token', 403);
      });

      it('POST /users validates the username and refuses a duplicate with item-already-exists', async () => {
        for (const username of ['ab', 'Upper-Case', '-dash-first', 'users', 'has.dot', 'x'.repeat(61)]) {
          expectError(await httpRequest('POST', `${server.url}/users`, { token: server.adminKey, body: json({ username, password: 'long enough' }) }), 'invalid-parameters-format', 400);
        }
        const alice = await createAccount(server);
        expectError(await httpRequest('POST', `${server.url}/users`, { token: server.adminKey, body: json({ username: alice.username, password: 'long enough' }) }), 'item-already-exists', 409);
      });

      it('DELETE /users/{username} removes the account, its data and its open sockets', async () => {
        const alice = await createAccount(server);
        expectOk(await httpRequest('POST', `${server.url}/${alice.username}/channels`, { token: alice.token, body: json({ name: 'Mine' }) }));
        const socket = await connectSocket(server, alice.username, alice.token);
        const disconnected = nextEvent(socket, 'disconnect');
        expectOk(await httpRequest('DELETE', `${server.url}/users/${alice.username}`, { token: server.adminKey }));
        await disconnected;
        expectError(await httpRequest('GET', `${server.url}/${alice.username}/channels`, { token: alice.token }), 'unknown-resource', 404);
        expectError(await httpRequest('DELETE', `${server.url}/users/${alice.username}`, { token: server.adminKey }), 'unknown-resource', 404);
        // the name is free again, and the new account starts empty
        const again = await createAccount(server, alice.username);
        const { channels } = expectOk(await httpRequest('GET', `${server.url}/${again.username}/channels`, { token: again.token }));
        expect(channels).to.deep.equal([]);
      });
    });
  });
}

describe('HTTP door without ADMIN_KEY', () => {
  it('has no account administration routes', async () => {
    const server = await startServer(backends[0], { adminKey: null });
    try {
      expectError(await httpRequest('POST', `${server.url}/users`, { token: 'anything', body: json({ username: 'abcde', password: 'long enough' }) }), 'invalid-method', 404);
    } finally {
      await server.close();
    }
  });
});
