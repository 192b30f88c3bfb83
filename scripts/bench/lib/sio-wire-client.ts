/**
 * A lean Socket.IO v4 client: one raw `ws` WebSocket speaking the wire protocol itself, so that the
 * load generator spends its core on the server's answers, not on socket.io-client's machinery.
 *   Engine.IO v4: `0{"sid",...}` open, `2` ping -> `3` pong, `4<payload>` message.
 *   Socket.IO v5 protocol inside a message: `0/nsp,{auth}` connect, `2/nsp,<ackId>[event,...args]`
 *   event, `3/nsp,<ackId>[...args]` ack, `4/nsp,{message,data}` connect error. `/` has no prefix.
 */
import WebSocket from 'ws';
import type { Lane } from './lean-loop';

export type EventListener = (args: unknown[], raw: string) => void;

export class SioWireClient {
  private nextAck = 0;
  private readonly acks = new Map<number, { resolve(args: unknown[]): void; reject(error: Error): void }>();
  /** Acks of lean-loop lanes: told success or failure from the ack's first bytes, never parsed. */
  private readonly laneAcks = new Map<number, (failure: string | null) => void>();
  private readonly listeners = new Map<string, EventListener>();
  /** Raw listeners see every event packet before parsing; fan-out timing uses them to skip JSON.parse. */
  rawListener: ((packet: string) => void) | null = null;
  private readonly prefix: string;

  private constructor(
    private readonly ws: WebSocket,
    readonly namespace: string,
  ) {
    this.prefix = namespace === '/' ? '' : `${namespace},`;
    // A server that goes away must fail the calls waiting on it, or a load loop would wait forever.
    ws.on('close', () => {
      for (const ack of this.acks.values()) ack.reject(new Error(`connection to ${namespace} closed`));
      this.acks.clear();
      for (const done of this.laneAcks.values()) done(`connection to ${namespace} closed`);
      this.laneAcks.clear();
    });
  }

  /** Opens a WebSocket to `baseUrl` (http://host:port) and connects to `namespace` with `auth` in the CONNECT payload. */
  static connect(baseUrl: string, namespace: string, auth: Record<string, unknown> | null, timeoutMs = 15_000): Promise<SioWireClient> {
    // A zero masking key (generateMask left as is): no random bytes drawn per frame on the generator's core.
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: false, generateMask: () => undefined });
    const client = new SioWireClient(ws, namespace);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`connect to ${namespace} timed out`)), timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        ws.terminate();
        reject(error);
      };
      ws.once('error', fail);
      ws.on('message', (data: Buffer) => {
        const text = data.toString();
        if (text[0] === '0') {
          ws.send(`40${client.prefix}${auth ? JSON.stringify(auth) : ''}`);
        } else if (text.startsWith(`40${client.prefix}`)) {
          clearTimeout(timer);
          ws.off('error', fail);
          ws.on('error', () => {});
          resolve(client);
        } else if (text.startsWith(`44${client.prefix}`)) {
          fail(new Error(`connect_error on ${namespace}: ${text.slice(2 + client.prefix.length)}`));
        }
        client.receive(text);
      });
    });
  }

  /** Registers the one listener of an event (`eventsChanged`, ...). */
  on(event: string, listener: EventListener): void {
    this.listeners.set(event, listener);
  }

  /** Emits `[event, ...args]` with an acknowledgement id and resolves with the ack's arguments. */
  emitWithAck(event: string, ...args: unknown[]): Promise<unknown[]> {
    const ackId = this.nextAck++;
    this.ws.send(`42${this.prefix}${ackId}${JSON.stringify([event, ...args])}`);
    return new Promise((resolve, reject) => this.acks.set(ackId, { resolve, reject }));
  }

  /**
   * A lean-loop lane on this socket: each call emits `event` with the arguments whose JSON is
   * `argsJson` (made once), and succeeds when the ack's first argument is null (no error), which
   * is read from the ack's first bytes: the rest of the answer is not parsed.
   */
  lane(event: string, argsJson: string): Lane {
    const head = `42${this.prefix}`;
    const tail = `[${JSON.stringify(event)},${argsJson}]`;
    return (done) => {
      const ackId = this.nextAck++;
      this.laneAcks.set(ackId, done);
      this.ws.send(head + ackId + tail);
    };
  }

  /** Emits a Logbook `command` and resolves with its result; rejects with the error body when it fails. */
  async command(id: string, params: unknown = {}): Promise<Record<string, unknown>> {
    const [error, result] = await this.emitWithAck('command', { id, params });
    if (error) throw Object.assign(new Error(`${id}: ${JSON.stringify(error)}`), { body: error });
    return result as Record<string, unknown>;
  }

  close(): void {
    this.ws.terminate();
  }

  private receive(text: string): void {
    if (text === '2') {
      this.ws.send('3');
      return;
    }
    if (text[0] !== '4') return;
    const type = text[1];
    let at = 2;
    if (this.prefix !== '') {
      if (!text.startsWith(this.prefix, 2)) return;
      at += this.prefix.length;
    }
    if (type === '2') {
      if (this.rawListener) this.rawListener(text);
      if (this.listeners.size === 0) return;
      const [event, ...args] = JSON.parse(text.slice(at)) as [string, ...unknown[]];
      this.listeners.get(event)?.(args, text);
    } else if (type === '3') {
      let end = at;
      while (text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
      const ackId = Number(text.slice(at, end));
      const laneAck = this.laneAcks.get(ackId);
      if (laneAck) {
        this.laneAcks.delete(ackId);
        laneAck(text.startsWith('[null,', end) ? null : `${this.namespace} answered ${text.slice(end, end + 300)}`);
        return;
      }
      const ack = this.acks.get(ackId);
      if (!ack) return;
      this.acks.delete(ackId);
      ack.resolve(JSON.parse(text.slice(end)) as unknown[]);
    }
  }
}
