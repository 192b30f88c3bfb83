/**
 * A lean HTTP/1.1 load client: one keep-alive TCP connection per lane writing a request made once
 * and reading just enough of the answer (status line, Content-Length, body length) to know it is
 * complete. Node's `http.request` costs more CPU per call than the Koa server it measures (it was
 * the bottleneck of the HTTP rows), so the throughput rows use this instead; setup calls keep
 * http-client.ts. A connection the server closed (its keep-alive timeout, 5 s in Node, passes while
 * the other system is measured) is opened again, as an HTTP agent would.
 */
import net from 'node:net';
import type { Lane } from './lean-loop';

const HEADERS_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:\s*(\d+)/i;

/** The bytes of a GET with the token in Authorization, the way every throughput row sends it. */
export function getRequest(url: string, token: string): Buffer {
  const { host, pathname, search } = new URL(url);
  return Buffer.from(`GET ${pathname}${search} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: ${token}\r\n\r\n`);
}

/** Opens one keep-alive connection to `url`'s host; its lane sends `request` (idempotent: a GET) and expects `status`. */
export async function openRawLane(url: string, request: Buffer, status: number): Promise<{ lane: Lane; close(): void }> {
  const { hostname, port } = new URL(url);
  let pending: ((failure: string | null) => void) | null = null;
  let buffered: Buffer | null = null;
  let closed = false;
  const finish = (failure: string | null): void => {
    const done = pending;
    pending = null;
    buffered = null;
    done?.(failure);
  };
  const onData = (chunk: Buffer): void => {
    buffered = buffered === null ? chunk : Buffer.concat([buffered, chunk]);
    const headersEnd = buffered.indexOf(HEADERS_END);
    if (headersEnd < 0) return;
    const head = buffered.toString('latin1', 0, headersEnd);
    const length = CONTENT_LENGTH.exec(head);
    if (!length) return finish(`no Content-Length in the answer: ${head.slice(0, 200)}`);
    const bodyLength = buffered.length - headersEnd - HEADERS_END.length;
    const expected = Number(length[1]);
    if (bodyLength < expected) return;
    if (bodyLength > expected) return finish('more bytes than one answer: this client sends one request at a time');
    // `HTTP/1.1 200 OK`: the status is the 3 digits after the first space.
    const answered = Number(head.slice(9, 12));
    finish(answered === status ? null : `${url} answered ${answered}: ${buffered.toString('utf8', headersEnd + 4, headersEnd + 304)}`);
  };
  const connect = (): Promise<net.Socket> =>
    new Promise((resolve, reject) => {
      const fresh = net.connect(Number(port), hostname);
      fresh.setNoDelay(true);
      fresh.on('data', onData);
      fresh.once('error', reject);
      fresh.once('connect', () => {
        fresh.off('error', reject);
        fresh.on('error', () => undefined);
        resolve(fresh);
      });
      fresh.once('close', () => {
        if (fresh !== socket || closed) return;
        socket = null;
        // Closed with a request sent and nothing of its answer read: the server closed the idle
        // connection as the request went out; a GET is sent again on a new one.
        if (pending !== null && buffered === null) send();
        else finish(`connection to ${url} closed`);
      });
    });
  let socket: net.Socket | null = await connect();
  const send = (): void => {
    if (socket !== null) {
      socket.write(request);
      return;
    }
    connect().then(
      (fresh) => {
        socket = fresh;
        fresh.write(request);
      },
      (error: Error) => finish(`cannot reconnect to ${url}: ${error.message}`),
    );
  };
  const lane: Lane = (done) => {
    pending = done;
    send();
  };
  return {
    lane,
    close: () => {
      closed = true;
      socket?.destroy();
    },
  };
}
