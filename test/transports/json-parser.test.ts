/** The Socket.IO encoder that writes JSON only: the stock encoder's text, and pre-serialised parts spliced in. */
import { expect } from 'chai';
import { Encoder, PacketType } from 'socket.io-parser';
import { jsonText, stringifyWithJsonText } from '../../src/model/json-text';
import { jsonParser } from '../../src/transports/socket/json-parser';

describe('socket JSON encoder', () => {
  const packets = [
    { type: PacketType.CONNECT, nsp: '/alice', data: { sid: 'abc' } },
    { type: PacketType.CONNECT, nsp: '/' },
    { type: PacketType.EVENT, nsp: '/alice', data: ['eventsChanged', { channelId: 'c', seq: 3, ids: ['e "1"'] }] },
    { type: PacketType.EVENT, nsp: '/', data: ['valuesChanged', { seq: 1 }] },
    { type: PacketType.ACK, nsp: '/alice', id: 12, data: [null, { changes: [], lastSeq: 0 }] },
    { type: PacketType.ACK, nsp: '/alice', id: 0, data: [{ id: 'forbidden', message: 'no' }] },
    { type: PacketType.CONNECT_ERROR, nsp: '/bob', data: { message: 'x', data: { id: 'unknown-resource' } } },
    { type: PacketType.DISCONNECT, nsp: '/alice' },
  ];

  it('writes what the stock encoder writes for every JSON packet', () => {
    for (const packet of packets) expect(new jsonParser.Encoder().encode(packet), JSON.stringify(packet)).to.deep.equal(new Encoder().encode(packet));
  });

  it('splices a JSON text part as it is, and gives its parsed value to any other serialiser', () => {
    const changes = [{ seq: 1, kind: 'events', ids: ['a'] }];
    const part = jsonText<unknown[]>(JSON.stringify(changes));
    const packet = { type: PacketType.ACK, nsp: '/alice', id: 4, data: [null, { changes: part, lastSeq: 1 }] };
    expect(new jsonParser.Encoder().encode(packet)).to.deep.equal(new Encoder().encode({ ...packet, data: [null, { changes, lastSeq: 1 }] }));
    expect(JSON.parse(JSON.stringify({ changes: part }))).to.deep.equal({ changes });
    expect(stringifyWithJsonText([part, 'text', part])).to.equal(JSON.stringify([changes, 'text', changes]));
  });

  it('never mistakes a client string for a JSON text part', () => {
    const lookalike = '\u0000json-text-0';
    expect(stringifyWithJsonText({ a: lookalike, b: jsonText('[1]') })).to.equal(JSON.stringify({ a: lookalike, b: [1] }));
  });
});
