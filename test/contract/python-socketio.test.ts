/**
 * A Python client (python-socketio, requirements.txt) connects to the root namespace with an API key
 * and prints the setData/removeData it receives; values written over HTTP must reach it as written.
 * Without python-socketio the suite is skipped locally and fails under CI=true.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { expect } from 'chai';
import { createAccount, expectOk } from '../helpers/accounts';
import { backends } from '../helpers/backends';
import { httpCaller } from '../helpers/callers';
import { packageRoot } from '../helpers/markdown';
import { findVenvTool, requireVenvTool } from '../helpers/python-tools';
import { startServer, TestServer } from '../helpers/test-server';

const SCRIPT = path.join(packageRoot, 'test', 'python', 'values_listener.py');

describe('contract: a python-socketio client on the root namespace', function () {
  this.timeout(40_000);
  // A Python that has socketio: the repository's .venv, else python3 on PATH.
  const python = findVenvTool('python', 'python3', ['-c', 'import socketio, websocket']);
  let server: TestServer;
  let child: ChildProcess | null = null;

  before(async function () {
    requireVenvTool(this, python, 'python-socketio', 'Python client suite');
    server = await startServer(backends[0]);
  });
  after(async () => {
    child?.kill();
    await server?.close();
  });

  it('receives setData and removeData with the item, as JSON, for the channel of its app access', async () => {
    const account = await createAccount(server);
    const owner = httpCaller(server.url, account.username, account.token);
    expectOk(await owner.call('channels.create', { id: 'home', name: 'Home' }));
    expectOk(await owner.call('channels.create', { id: 'other', name: 'Other' }));
    const { access } = expectOk(await owner.call('accesses.create', { name: 'sensor app', type: 'app', permissions: [{ channelId: 'home', level: 'read' }] }));

    child = spawn(python!, [SCRIPT, server.url, access.token, '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines: any[] = [];
    const connected = new Promise<void>((resolve) => {
      readline.createInterface({ input: child!.stdout! }).on('line', (line) => {
        const parsed = JSON.parse(line);
        if (parsed.event === 'connected') resolve();
        else lines.push(parsed);
      });
    });
    const exited = new Promise<number | null>((resolve) => child!.once('close', resolve));
    await Promise.race([connected, exited.then(() => Promise.reject(new Error(`python exited before connecting: ${stderr}`)))]);

    const set = expectOk(await owner.call('home.values.set', { key: 'sıcaklık', value: { celsius: 21.5, ok: true }, icon: 'thermometer' })).value;
    expectOk(await owner.call('other.values.set', { key: 'elsewhere', value: 1 }));
    expectOk(await owner.call('home.values.set', { key: 'a.b$c/d e', value: null }));
    expectOk(await owner.call('home.values.delete', { key: 'sıcaklık' }));
    expect(await exited, stderr).to.equal(0);

    expect(lines.map((line) => line.event)).to.deep.equal(['setData', 'setData', 'removeData']);
    const [first, second, removed] = lines.map((line) => line.data);
    expect(first).to.deep.equal({ key: 'sıcaklık', lastUpdate: set.lastUpdate, icon: 'thermometer', value: { celsius: 21.5, ok: true }, channelId: 'home', seq: first.seq });
    expect(second).to.include({ key: 'a.b$c/d e', icon: null, value: null, channelId: 'home' });
    expect(removed).to.deep.equal({ key: 'sıcaklık', channelId: 'home', seq: removed.seq });
    expect(first.seq < second.seq && second.seq < removed.seq).to.equal(true);
  });
});
