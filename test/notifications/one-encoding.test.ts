/**
 * One notification, one serialisation: a change heard by sockets of several accesses, in several rooms,
 * is encoded once on this node (Socket.IO then frames that text once for all WebSockets), whatever the
 * number of sockets and rooms: nothing per socket or per room in Logbook's path.
 */
import { expect } from 'chai';
import type { Socket } from 'socket.io-client';
import { connectSocket, createAccount, expectOk, nextEvent } from '../helpers/accounts';
import { backends } from '../helpers/backends';
import { httpCaller } from '../helpers/callers';
import { startServer, TestServer } from '../helpers/test-server';
import { jsonParser } from '../../src/transports/socket/json-parser';

describe('notifications: one serialisation per notification', () => {
  let server: TestServer;
  const sockets: Socket[] = [];
  before(async () => (server = await startServer(backends[0])));
  after(async () => {
    sockets.forEach((socket) => socket.close());
    await server.close();
  });

  it('an event change heard by 9 sockets of 3 accesses in 3 kinds of rooms is encoded once', async () => {
    const account = await createAccount(server);
    const owner = httpCaller(server.url, account.username, account.token);
    expectOk(await owner.call('channels.create', { id: 'work', name: 'Work' }), 201);
    expectOk(await owner.call('work.folders.create', { id: 'f', name: 'F' }), 201);
    const tokens = [account.token];
    for (const permission of [{ channelId: 'work', level: 'read' }, { channelId: 'work', folderId: 'f', level: 'read' }]) {
      tokens.push(expectOk(await owner.call('accesses.create', { name: `reader ${permission.folderId ?? 'all'}`, permissions: [permission] }), 201).access.token);
    }
    for (const token of tokens) for (let i = 0; i < 3; i++) sockets.push(await connectSocket(server, account.username, token));

    const encode = jsonParser.Encoder.prototype.encode;
    const encoded: unknown[] = [];
    jsonParser.Encoder.prototype.encode = function (this: InstanceType<typeof jsonParser.Encoder>, packet) {
      if (Array.isArray(packet.data) && packet.data[0] === 'eventsChanged') encoded.push(packet.data[1]);
      return encode.call(this, packet);
    };
    try {
      const heard = Promise.all(sockets.map((socket) => nextEvent(socket, 'eventsChanged')));
      expectOk(await owner.call('work.events.create', { folderId: 'f', type: 'note/txt', content: 'heard by all' }), 201);
      expect(await heard).to.have.length(9);
    } finally {
      jsonParser.Encoder.prototype.encode = encode;
    }
    expect(encoded).to.have.length(1);
  });
});
