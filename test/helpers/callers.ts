/**
 * The two ways a client calls a method, behind one interface, so every API case runs through both:
 * HTTP (fetch, routes as SPEC §4 lists them) and Socket.IO (`command` with an ack). Every answer is
 * checked against the published schemas (./contract), so a result cannot drift from them unseen.
 */
import http from 'node:http';
import type { Socket } from 'socket.io-client';
import { checkError, checkResult } from './contract';
import { methodOfRequest, ROUTES } from './routes';

export interface ErrorBody {
  id: string;
  message: string;
  data?: any;
}

export interface Outcome {
  /** HTTP status; undefined over sockets. */
  status?: number;
  result?: any;
  error?: ErrorBody;
}

export interface Caller {
  readonly name: 'http' | 'socket';
  call(methodId: string, params?: unknown): Promise<Outcome>;
}

/** Calls over HTTP with `fetch`, token in the Authorization header. */
export function httpCaller(baseUrl: string, username: string, token: string | null): Caller {
  return {
    name: 'http',
    async call(methodId, params = {}) {
      const parts = methodId.split('.');
      const channelId = parts.length === 3 ? parts.shift() : undefined;
      // `<cid>.events.get` is routed as `events.get` under `/{cid}`; `channels.get` is not channel-scoped.
      const route = ROUTES[parts.join('.')];
      if (!route) throw new Error(`no HTTP route for ${methodId} in the test table`);
      const [verb, template, bodyKind] = route;
      const rest: Record<string, unknown> = Array.isArray(params) ? {} : { ...(params as object) };
      const path = template.replace(/\{(\w+)\}/g, (_match, name: string) => {
        const value = encodeURIComponent(String(rest[name]));
        delete rest[name];
        return value;
      });
      let url = `${baseUrl}/${username}${channelId ? `/${channelId}` : ''}${path === '/' ? '' : path}`;
      let body: string | undefined;
      if (verb === 'GET' || verb === 'DELETE') url += toQuery(rest);
      else body = JSON.stringify(bodyKind === 'update' ? rest.update : Array.isArray(params) ? params : rest);
      return httpRequest(verb, url, { token, body, methodId });
    },
  };
}

/** One HTTP request; the JSON answer split into result or error. A `host` header goes through node:http (fetch drops it). */
export async function httpRequest(
  method: string,
  url: string,
  options: { token?: string | null; body?: string; headers?: Record<string, string>; methodId?: string } = {},
): Promise<Outcome & { headers: Headers }> {
  const outcome = await sendRequest(method, url, options);
  const methodId = options.methodId ?? methodOfRequest(method, url, options.headers?.host !== undefined);
  if (outcome.error) checkError(outcome.error, { status: outcome.status!, json: { error: outcome.error, meta: outcome.meta } });
  else if (methodId !== null) checkResult(methodId, outcome.result, parsed(options.body), true);
  delete outcome.meta;
  return outcome;
}

type RawOutcome = Outcome & { headers: Headers; meta?: unknown };

async function sendRequest(
  method: string,
  url: string,
  { token = null, body, headers = {} }: { token?: string | null; body?: string; headers?: Record<string, string> },
): Promise<RawOutcome> {
  if (headers.host) return requestWithHost(method, url, { token, body, headers });
  const response = await fetch(url, {
    method,
    headers: { ...(token ? { authorization: token } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body,
  });
  const json = (await response.json()) as Record<string, any>;
  return json.error ? { status: response.status, error: json.error, meta: json.meta, headers: response.headers } : { status: response.status, result: json, headers: response.headers };
}

/** The JSON a request sent, for checking batch results call by call. */
function parsed(body: string | undefined): unknown {
  try {
    return body === undefined ? undefined : JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** Calls with `socket.emit('command', {id, params}, ack)`; fails if the ack does not come in time. */
export function socketCaller(socket: Socket, timeoutMs = 5000): Caller {
  return {
    name: 'socket',
    call(methodId, params = {}) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ack for ${methodId} within ${timeoutMs} ms`)), timeoutMs);
        socket.emit('command', { id: methodId, params }, (error: ErrorBody | null, result: unknown) => {
          clearTimeout(timer);
          try {
            if (error) checkError(error);
            else checkResult(methodId, result, params, true);
          } catch (mismatch) {
            reject(mismatch);
            return;
          }
          resolve(error ? { error } : { result });
        });
      });
    },
  };
}

function toQuery(params: Record<string, unknown>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) query.append(key, item === null ? 'null' : String(item));
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

function requestWithHost(method: string, url: string, options: { token: string | null; body?: string; headers: Record<string, string> }): Promise<RawOutcome> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = options.token;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const request = http.request(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) if (typeof value === 'string') responseHeaders.set(name, value);
        const status = response.statusCode;
        resolve(json.error ? { status, error: json.error, meta: json.meta, headers: responseHeaders } : { status, result: json, headers: responseHeaders });
      });
    });
    request.on('error', reject);
    request.end(options.body);
  });
}
