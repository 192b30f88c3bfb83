/** GET /openapi.json and GET /schemas/...: the published contract is valid OpenAPI 3.1 and covers every HTTP route of the registry. */
import http from 'node:http';
import { expect } from 'chai';
import type { Validator as OpenApiValidator } from '@seriousme/openapi-schema-validator';
import { backends } from '../helpers/backends';
import { buildDefinitions } from '../helpers/definitions';
import { startServer, TestServer } from '../helpers/test-server';

type Document = { openapi: string; paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>; components: { schemas: object } };

async function fetchJson<T>(url: string): Promise<{ status: number; type: string | null; body: T }> {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as T };
}

/** GET with a Host header (fetch drops it), for the `{username}.DOMAIN` style. */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).on('error', reject);
  });
}

describe('published contract: /openapi.json and /schemas/', function () {
  let server: TestServer;
  let document: Document;

  before(async () => {
    server = await startServer(backends[0], { domain: 'logbook.test' });
    const answer = await fetchJson<Document>(`${server.url}/openapi.json`);
    expect(answer.status).to.equal(200);
    document = answer.body;
  });
  after(() => server.close());

  it('serves an OpenAPI 3.1 document, without a token, that a standard validator accepts', async () => {
    expect(document.openapi).to.equal('3.1.0');
    // ESM-only package: loaded at run time (Node 20 requires it from CommonJS).
    const { Validator } = (await import('@seriousme/openapi-schema-validator')) as { Validator: typeof OpenApiValidator };
    const result = await new Validator().validate(document as unknown as Parameters<OpenApiValidator['validate']>[0]);
    expect(result.errors ?? [], JSON.stringify(result.errors)).to.deep.equal([]);
    expect(result.valid).to.equal(true);
  });

  it('has one operation per HTTP route of the registry, named by the method, with its success status and errors', async () => {
    const built = await buildDefinitions();
    try {
      const operations = new Map(Object.values(document.paths).flatMap((item) => Object.values(item)).map((op) => [op.operationId, op]));
      const offenders = built.definitions
        .filter((d) => d.http)
        .filter((d) => {
          const op = operations.get(d.name);
          return !op || !(String(d.http!.status ?? 200) in op.responses) || !('400' in op.responses);
        })
        .map((d) => d.name);
      expect(offenders, `routes missing from the document:\n${offenders.join('\n')}`).to.deep.equal([]);
      expect(operations.has('health')).to.equal(true);
    } finally {
      await built.close();
    }
  });

  it('serves every JSON Schema at /schemas/<$id> as the server loads it', async () => {
    const answer = await fetchJson<{ $id: string }>(`${server.url}/schemas/results/channels.get.json`);
    expect(answer.status).to.equal(200);
    expect(answer.type).to.match(/^application\/schema\+json/);
    expect(answer.body.$id).to.equal('results/channels.get.json');
    expect((await fetch(`${server.url}/schemas/none.json`)).status).to.equal(404);
  });

  it('serves the document and the schemas on account hosts too ({username}.DOMAIN)', async () => {
    expect(await getWithHost(`${server.url}/openapi.json`, 'alice.logbook.test')).to.equal(200);
    expect(await getWithHost(`${server.url}/schemas/types/event.json`, 'alice.logbook.test')).to.equal(200);
  });

  it('leaves administration out when ADMIN_KEY is unset, since those routes then do not exist', async () => {
    const bare = await startServer(backends[0], { adminKey: null });
    try {
      const { body } = await fetchJson<Document>(`${bare.url}/openapi.json`);
      expect(Object.keys(body.paths).filter((p) => p.startsWith('/users'))).to.deep.equal([]);
      expect(Object.keys(document.paths)).to.include.members(['/users', '/users/{username}']);
    } finally {
      await bare.close();
    }
  });
});
