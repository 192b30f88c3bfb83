import { expect } from 'chai';
import { expectError, expectOk } from '../helpers/accounts';
import { httpRequest } from '../helpers/callers';
import { describeApi } from '../helpers/describe-api';

function nestedArrays(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

function nestedObjects(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

describeApi('input bounds', (t) => {
  async function channel(): Promise<string> {
    expectOk(await t.caller.call('channels.create', { id: 'bounds', name: 'Bounds' }), 201);
    return 'bounds';
  }

  it('accepts content nested up to MAX_NESTING_DEPTH and refuses deeper content or clientData with a path, fast', async () => {
    const cid = await channel();
    // params (0) > content (1) > 30 levels: 31 levels, within 32.
    expectOk(await t.caller.call(`${cid}.events.create`, { type: 'note/txt', time: 1, content: nestedObjects(30) }), 201);
    // FerretDB 1.x (the MongoDB of the tests) cannot store arrays inside arrays (MongoDB can): it refuses them clearly.
    const arrays = await t.caller.call(`${cid}.events.create`, { type: 'note/txt', time: 1, content: nestedArrays(30) });
    if (t.backend.name === 'embedded') expectOk(arrays, 201);
    else expectError(arrays, 'invalid-parameters-format', 400);
    const started = Date.now();
    for (const content of [nestedArrays(100), nestedArrays(1500), nestedObjects(1500)]) {
      const error = expectError(await t.caller.call(`${cid}.events.create`, { type: 'note/txt', time: 1, content }), 'invalid-parameters-format', 400);
      expect(error.data[0].path).to.match(/^\/content(\/(0|a))+$/);
    }
    const error = expectError(await t.caller.call(`${cid}.events.create`, { type: 'note/txt', time: 1, clientData: { x: nestedArrays(200) } }), 'invalid-parameters-format', 400);
    expect(error.data[0].path).to.match(/^\/clientData\/x(\/0)+$/);
    expect(Date.now() - started).to.be.below(2000);
  });

  it('refuses __proto__ and NUL in keys with a clear error, and keeps every other key as sent', async () => {
    const cid = await channel();
    const withProto = JSON.parse('{"type":"note/txt","time":1,"content":{"__proto__":{"x":1}}}');
    expect(expectError(await t.caller.call(`${cid}.events.create`, withProto), 'invalid-parameters-format').data[0].path).to.equal('/content/__proto__');
    const withProtoData = JSON.parse('{"type":"note/txt","time":1,"clientData":{"__proto__":1}}');
    expect(expectError(await t.caller.call(`${cid}.events.create`, withProtoData), 'invalid-parameters-format').data[0].path).to.equal('/clientData/__proto__');
    const withNul = { type: 'note/txt', time: 1, content: { 'a\u0000b': 1 } };
    expect(expectError(await t.caller.call(`${cid}.events.create`, withNul), 'invalid-parameters-format').data[0].path).to.equal('/content/a\u0000b');
    const content = { constructor: 1, prototype: { toString: 2 }, 'a.b': 3, $x: 4, n: null };
    const { event } = expectOk(await t.caller.call(`${cid}.events.create`, { type: 'note/txt', time: 1, content, clientData: { constructor: 'c' } }), 201);
    const { event: stored } = expectOk(await t.caller.call(`${cid}.events.getOne`, { id: event.id }));
    expect(stored.content).to.deep.equal(content);
    expect(stored.clientData).to.deep.equal({ constructor: 'c' });
  });

  it('refuses over-long keys', async () => {
    const cid = await channel();
    const error = expectError(await t.caller.call(`${cid}.events.create`, { type: 'note/txt', time: 1, content: { ['k'.repeat(2000)]: 1 } }), 'invalid-parameters-format');
    expect(error.message).to.contain('characters');
  });

  {
    it('over HTTP, refuses PUT with a null body and an unknown __proto__ query parameter', async () => {
      const cid = await channel();
      const { event } = expectOk(await t.caller.call(`${cid}.events.create`, { type: 'note/txt', time: 1 }), 201);
      const base = `${t.server.url}/${t.account.username}/${cid}/events`;
      expectError(await httpRequest('PUT', `${base}/${event.id}`, { token: t.account.token, body: 'null' }), 'invalid-parameters-format', 400);
      const { event: after } = expectOk(await httpRequest('GET', `${base}/${event.id}`, { token: t.account.token }));
      expect(after.modified).to.equal(event.modified);
      const error = expectError(await httpRequest('GET', `${base}?__proto__=1`, { token: t.account.token }), 'invalid-parameters-format', 400);
      expect(error.data[0].path).to.equal('/__proto__');
      // 200,000 levels sent as text: more than any recursive parser or validator survives.
      const deep = `{"type":"note/txt","time":1,"content":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
      expectError(await httpRequest('POST', base, { token: t.account.token, body: deep }), 'invalid-parameters-format', 400);
    });
  }
});
