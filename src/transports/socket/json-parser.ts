/**
 * Socket.IO's packet codec, writing JSON only. The stock encoder walks every outgoing packet for binary
 * attachments (hasBinary) before it serialises it: on a page of 10,000 changes that walk cost more than
 * the serialisation. Logbook sends no binary (every answer and notification is JSON, by its schemas),
 * so packets are written at once, in the same text format, with pre-serialised parts spliced in
 * (model/json-text). Incoming packets keep the stock decoder (binary commands are refused after it).
 */
import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';
import { stringifyWithJsonText } from '../../model/json-text';

class JsonEncoder extends Encoder {
  override encode(packet: Packet): string[] {
    // The text form of socket.io-parser's encodeAsString: type, namespace unless '/', ack id, data.
    let text = String(packet.type);
    if (packet.type === PacketType.BINARY_EVENT || packet.type === PacketType.BINARY_ACK) return super.encode(packet);
    if (packet.nsp && packet.nsp !== '/') text += `${packet.nsp},`;
    if (packet.id !== undefined && packet.id !== null) text += packet.id;
    if (packet.data !== undefined && packet.data !== null) text += stringifyWithJsonText(packet.data);
    return [text];
  }
}

/** The `parser` option of the Socket.IO server. */
export const jsonParser = { Encoder: JsonEncoder, Decoder };
