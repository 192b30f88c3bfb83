/** Minimal JSON over HTTP/1.1 with a keep-alive agent: lean enough to be the throughput load generator. */
import http from 'node:http';

export interface HttpAnswer {
  status: number;
  body: any;
}

/** A keep-alive agent holding at most `connections` sockets: one "client" of the load generator. */
export function keepAliveAgent(connections: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
}

const setupAgent = keepAliveAgent(16);

type RequestOptions = { token?: string; body?: unknown; agent?: http.Agent };

/** One request; the body is parsed as JSON when there is one. Never rejects on an HTTP error status. */
export async function requestJson(method: string, url: string, options: RequestOptions = {}): Promise<HttpAnswer> {
  try {
    return await requestOnce(method, url, options);
  } catch (error) {
    // A keep-alive socket the server closed at its idle timeout just as we reused it: nothing was
    // processed, so sending again is safe (Node's documented remedy for this race).
    if ((error as { reusedSocket?: boolean }).reusedSocket && (error as NodeJS.ErrnoException).code === 'ECONNRESET') return requestOnce(method, url, options);
    throw error;
  }
}

function requestOnce(method: string, url: string, options: RequestOptions): Promise<HttpAnswer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = options.token;
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers, agent: options.agent ?? setupAgent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        try {
          resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
        } catch (error) {
          reject(new Error(`${method} ${url}: unparsable answer ${response.statusCode}: ${text.slice(0, 200)}`));
        }
      });
      response.on('error', reject);
    });
    request.on('error', (error) => reject(Object.assign(error, { reusedSocket: request.reusedSocket })));
    request.end(payload);
  });
}

/** Like {@link requestJson} but throws unless the status is 2xx: for setup steps that must work. */
export async function expectOk(method: string, url: string, options: RequestOptions = {}): Promise<any> {
  const answer = await requestJson(method, url, options);
  if (answer.status < 200 || answer.status > 299) throw new Error(`${method} ${url} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}
