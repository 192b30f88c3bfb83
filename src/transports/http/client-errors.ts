/**
 * Answers the requests Node's HTTP parser refuses before the door (http-door.ts) sees them with the
 * API's JSON error body: an over-long URL or headers is `request-too-large` (413), any other
 * unparsable request `invalid-request-structure` (400). Node's default would send a bare 431 or 400
 * with no body.
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { API_VERSION, responseMeta } from '../../api-version';
import { ApiError } from '../../errors';

export function answerClientErrors(server: http.Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    // A request that timed out has nobody waiting for a body: Node's own answer is kept.
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
      return;
    }
    const apiError =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? new ApiError('request-too-large', `The URL and headers exceed ${http.maxHeaderSize} bytes`, { limit: http.maxHeaderSize })
        : new ApiError('invalid-request-structure', 'The request is not valid HTTP/1.1');
    const now = Date.now() / 1000;
    const body = JSON.stringify({ error: apiError.toBody(), meta: responseMeta(now) });
    const head = [
      `HTTP/1.1 ${apiError.status} ${http.STATUS_CODES[apiError.status]}`,
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      `API-Version: ${API_VERSION}`,
      `Server-Time: ${now}`,
      'Connection: close',
    ];
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
  });
}
