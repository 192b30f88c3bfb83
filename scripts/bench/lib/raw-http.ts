/**
 * A lean HTTP/1.1 load client: one keep-alive TCP connection per lane writing a request made once
 * and reading just enough of the answer (status line, Content-Length, body length) to know it is
 * complete. Node's `http.request` costs more CPU per call than the Koa server it measures (it was
 * the bottleneck of the HTTP rows), so the throughput rows use this instead; setup calls keep
 * http-client.ts.
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

/** Opens one keep-alive connection to `url`'s host; its lane sends `request` and expects `status`. */
export function openRawLane(url: string, request: Buffer, status: number): Promise<{ lane: Lane; close(): void }> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  socket.setNoDelay(true);
  let pending: ((failure: string | null) => void) | null = null;
  let buffered: Buffer | null = null;
  const finish = (failure: string | null): void => {
    const done = pending;
    pending = null;
    buffered = null;
    done?.(failure);
  };
  socket.on('data', (chunk: Buffer) => {
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
  });
  socket.on('close', () => finish(`connection to ${url} closed`));
  socket.on('error', () => undefined);
  const lane: Lane = (done) => {
    pending = done;
    socket.write(request);
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve({ lane, close: () => socket.destroy() }));
    socket.once('error', reject);
  });
}
