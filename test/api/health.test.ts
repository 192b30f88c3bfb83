import { expect } from 'chai';
import { io } from 'socket.io-client';
import { withDeadline } from '../../src/availability/store-deadline';
import { StoreUnavailableError, type Store } from '../../src/storage/store';
import { createAccount, expectError, expectOk } from '../helpers/accounts';
import { backends } from '../helpers/backends';
import { httpRequest } from '../helpers/callers';
import { startServer, TestServer } from '../helpers/test-server';

describe('store outages', () => {
  it('GET /health answers 503 api-unavailable within a second when the store does not answer, and 200 again when it does', async () => {
    const server: TestServer = await startServer(backends[0]);
    try {
      const store = server.app.store as { ping(): Promise<void> };
      const ping = store.ping;
      store.ping = () => new Promise(() => {});
      const started = Date.now();
      expectError(await httpRequest('GET', `${server.url}/health`), 'api-unavailable', 503);
      expect(Date.now() - started).to.be.below(1000);
      store.ping = ping;
      expect(expectOk(await httpRequest('GET', `${server.url}/health`)).status).to.equal('ok');
    } finally {
      await server.close();
    }
  });

  it('a socket connecting while its account\'s latest seq cannot be read gets connect_error api-unavailable, and connects once it can', async () => {
    const server: TestServer = await startServer(backends[0]);
    try {
      const alice = await createAccount(server);
      const changes = server.app.store.changes as { latestSeq(account: string): Promise<number> };
      const latestSeq = changes.latestSeq;
      changes.latestSeq = () => Promise.reject(new StoreUnavailableError(new Error('away')));
      const connect = () => {
        const socket = io(`${server.url}/${alice.username}`, { auth: { token: alice.token }, transports: ['websocket'], forceNew: true, reconnection: false });
        return new Promise<{ data?: { id: string } } | null>((resolve) => {
          socket.once('connect', () => (socket.close(), resolve(null)));
          socket.once('connect_error', (error) => (socket.close(), resolve(error as { data?: { id: string } })));
        });
      };
      expect((await connect())?.data?.id).to.equal('api-unavailable');
      changes.latestSeq = latestSeq;
      expect(await connect()).to.equal(null);
    } finally {
      await server.close();
    }
  });

  it('a store call that hangs fails with StoreUnavailableError after the deadline, and the next one that answers succeeds', async () => {
    let hang = true;
    const events = { page: () => (hang ? new Promise(() => {}) : Promise.resolve(['e'])), count: () => 3 };
    const closed: string[] = [];
    const store = withDeadline({ kind: 'mongodb', events, close: () => new Promise<void>((resolve) => setTimeout(() => (closed.push('closed'), resolve()), 80)) } as unknown as Store, 50);
    const started = Date.now();
    const error = await (store.events.page as () => Promise<unknown>)().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(StoreUnavailableError);
    expect(Date.now() - started).to.be.within(40, 500);
    hang = false;
    expect(await (store.events.page as () => Promise<unknown>)()).to.deep.equal(['e']);
    expect((store.events as unknown as { count(): number }).count()).to.equal(3);
    await store.close();
    expect(closed).to.deep.equal(['closed']);
  });
});
