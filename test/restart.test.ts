/**
 * Data survives a restart: an in-process server closed and started again on the same DATA_DIR (and
 * the same MongoDB database), and a real `node dist/src/main.js` process killed with SIGKILL or
 * stopped with SIGTERM. Waits are for events (a log line, an exit), each with a timeout, never sleeps.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { io } from 'socket.io-client';
import { createAccount, expectError, expectOk, uniqueUsername } from './helpers/accounts';
import { backends } from './helpers/backends';
import { httpCaller, httpRequest } from './helpers/callers';
import { exited, NodeProcess, startNodeProcess, within } from './helpers/processes';
import { startServer, TestServer } from './helpers/test-server';

const tempDirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-restart-'));
  tempDirs.push(dir);
  return dir;
}

after(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

for (const backend of backends) {
  describe(`restart [${backend.name}]`, function () {
    const servers: TestServer[] = [];
    afterEach(async () => {
      await Promise.all(servers.splice(0).map((server) => server.close()));
    });

    it('an account, its token and its channels survive a server restart on the same data', async () => {
      const same = { dataDir: tempDir(), mongodbUrl: backend.freshMongoUrl() };
      const first = await startServer(backend, same);
      servers.push(first);
      const account = await createAccount(first);
      const { channel } = expectOk(
        await httpCaller(first.url, account.username, account.token).call('channels.create', { id: 'work', name: 'Work', clientData: { $gt: 1, 'a.b': 2 } }),
        201,
      );
      await first.close();

      const second = await startServer(backend, same);
      servers.push(second);
      const caller = httpCaller(second.url, account.username, account.token);
      expect(expectOk(await caller.call('channels.get')).channels).to.deep.equal([channel]);
      // The unique indexes are back too, and the password still logs in.
      expect(expectError(await caller.call('channels.create', { name: 'Work' }), 'item-already-exists', 409).data).to.deep.equal({ name: 'Work' });
      const login = await httpRequest('POST', `${second.url}/${account.username}/auth/login`, {
        body: JSON.stringify({ username: account.username, password: account.password, appId: 'tests' }),
      });
      expect(login.status).to.equal(200);
    });
  });
}

/** Creates a user through the admin route, logs it in and creates the channel "work". */
async function createData(server: NodeProcess, adminKey: string): Promise<{ username: string; token: string; channel: unknown }> {
  const username = uniqueUsername('proc');
  const password = `pw-${randomBytes(6).toString('hex')}`;
  expect((await httpRequest('POST', `${server.url}/users`, { token: adminKey, body: JSON.stringify({ username, password }) })).status).to.equal(201);
  const login = await httpRequest('POST', `${server.url}/${username}/auth/login`, { body: JSON.stringify({ username, password, appId: 'tests' }) });
  expect(login.status, JSON.stringify(login.error)).to.equal(200);
  const token: string = login.result.token;
  const { channel } = expectOk(await httpCaller(server.url, username, token).call('channels.create', { id: 'work', name: 'Work' }), 201);
  return { username, token, channel };
}

async function expectData(server: NodeProcess, data: { username: string; token: string; channel: unknown }): Promise<void> {
  const { channels } = expectOk(await httpCaller(server.url, data.username, data.token).call('channels.get'));
  expect(channels).to.deep.equal([data.channel]);
}

describe('restart of a main.js process [embedded]', function () {
  this.timeout(60000);
  const running: NodeProcess[] = [];
  afterEach(async () => {
    // Only the processes this suite spawned, by their handle; stop() leaves an exited one alone.
    await Promise.all(running.splice(0).map((node) => node.stop('SIGKILL')));
  });

  async function startProcess(dataDir: string, adminKey: string): Promise<NodeProcess> {
    const node = await startNodeProcess({ DATA_DIR: dataDir, ADMIN_KEY: adminKey });
    running.push(node);
    return node;
  }

  it('a channel and a token survive a SIGKILL: what was acknowledged was on disk', async () => {
    const dataDir = tempDir();
    const adminKey = randomBytes(12).toString('hex');
    const first = await startProcess(dataDir, adminKey);
    const data = await createData(first, adminKey);
    first.child.kill('SIGKILL');
    expect(await exited(first.child)).to.deep.equal({ code: null, signal: 'SIGKILL' });

    const second = await startProcess(dataDir, adminKey);
    await expectData(second, data);
    second.child.kill('SIGTERM');
    expect(await exited(second.child)).to.deep.equal({ code: 0, signal: null });
  });

  it('SIGTERM disconnects sockets, exits with code 0, and the data is there on the next start', async () => {
    const dataDir = tempDir();
    const adminKey = randomBytes(12).toString('hex');
    const first = await startProcess(dataDir, adminKey);
    const data = await createData(first, adminKey);
    const socket = io(`${first.url}/${data.username}`, { query: { auth: data.token }, transports: ['websocket'], forceNew: true, reconnection: false });
    const connected = new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    await within(connected, 5000, 'socket connection');
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    first.child.kill('SIGTERM');
    expect(await exited(first.child)).to.deep.equal({ code: 0, signal: null });
    // The process has exited, so its end of the socket is closed: the disconnect has come or is on its way.
    expect(await within(disconnected, 5000, 'socket disconnect')).to.be.a('string');
    socket.close();

    const second = await startProcess(dataDir, adminKey);
    await expectData(second, data);
  });
});
