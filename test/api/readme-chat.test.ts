import vm from 'node:vm';
import { expect } from 'chai';
import { io, Socket } from 'socket.io-client';
import { createAccount, expectOk } from '../helpers/accounts';
import { backends } from '../helpers/backends';
import { readDoc, section } from '../helpers/markdown';
import { connectMessenger, Messenger } from '../helpers/messengers';
import { startServer, TestServer } from '../helpers/test-server';
import { within } from '../helpers/processes';

/** The README's chat example, as written. */
function readmeChat(): string {
  const block = /```js\n([\s\S]*?)```/.exec(section(readDoc('README.md'), 'Messages between users'));
  if (!block) throw new Error('no js example in "Messages between users"');
  return block[1];
}

describe('README: the chat example works as written', function () {
  let server: TestServer;
  let socket: Socket | null = null;
  let bob: Messenger | null = null;
  before(async () => {
    server = await startServer(backends[0]);
  });
  after(async () => {
    socket?.close();
    bob?.socket.close();
    await server.close();
  });

  it('joins the lobby, posts to it and to Bob, and prints who is in the lobby', async () => {
    const [alice, bobAccount] = [await createAccount(server), await createAccount(server)];
    bob = await connectMessenger(server, bobAccount.username, bobAccount.token);
    expectOk(await bob.caller.call('realtime.join', { group: 'lobby' }));
    const code = readmeChat()
      .replace('"https://api.example.org/alice"', JSON.stringify(`${server.url}/${alice.username}`))
      .replace('"ALICE_TOKEN"', JSON.stringify(alice.token))
      .replace('user: "bob"', `user: ${JSON.stringify(bobAccount.username)}`);
    const printed: string[] = [];
    let printedLine: () => void = () => undefined;
    const console = { log: (...parts: unknown[]) => (printed.push(parts.join(' ')), printedLine()) };
    const require = (name: string) => {
      if (name !== 'socket.io-client') throw new Error(`the example requires ${name}`);
      return { io: (url: string, options: object) => (socket = io(url, { ...options, transports: ['websocket'], forceNew: true, reconnection: false })) };
    };
    vm.runInNewContext(code, { require, console });
    while (!printed.some((line) => line.startsWith('in the lobby:'))) await within(new Promise<void>((resolve) => (printedLine = resolve)), 5000, 'the members line');
    const names = [alice.username, bobAccount.username].sort().join(', ');
    expect(printed).to.include(`in the lobby: ${names}`);
    const got = await bob.until(3, (p) => p.type !== 'success');
    expect(got.map((p) => [p.type, p.sender])).to.deep.equal([
      ['notice', alice.username],
      ['message', alice.username],
      ['private', alice.username],
    ]);
    expect(got[1].message).to.deep.equal({ text: 'hello, lobby' });
    // Bob's reply reaches the example's handler, which prints it.
    expectOk(await bob.caller.call('realtime.post', { group: 'lobby', message: { text: 'welcome' } }));
    while (!printed.includes(`[lobby] ${bobAccount.username}: welcome`)) await within(new Promise<void>((resolve) => (printedLine = resolve)), 5000, 'the reply line');
  });
});
