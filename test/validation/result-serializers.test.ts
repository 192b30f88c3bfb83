import { expect } from 'chai';
import { findSchemasDir, Validator } from '../../src/validation/validator';
import { ResultSerializers } from '../../src/validation/result-serializers';

const meta = { apiVersion: '0.1.0', serverTime: 1764684696.125 };
const tracking = { created: 1764684000.5, createdBy: 'a1', modified: 1764684001, modifiedBy: 'a2' };
// Free-form members (content, clientData, value) hold whatever JSON a client stored, keys of any spelling included.
const anyJson = { a: [1, 2.5, { b: 'x', c: null, d: [true, false] }], '$odd.key': 'é"\\\n\u2028', nested: { deeper: { deepest: [[], {}] } } };

/** A sample answer of every kind the HTTP door serialises, each valid against its result schema. */
const SAMPLES: [schemaId: string, answer: unknown][] = [
  ['results/getAccessInfo.json', { access: { id: 'acc', name: 'bench', type: 'personal', permissions: [{ channelId: '*', level: 'manage' }], expires: 1900000000 }, user: { username: 'alice' }, meta }],
  ['results/events.get.json', {
    events: [
      { id: 'e1', channelId: 'c', folderId: null, time: 1, duration: null, type: 'note/txt', content: anyJson, tags: ['t'], description: 'd', clientData: anyJson, trashed: true, ...tracking },
      { id: 'e2', channelId: 'c', folderId: 'f', time: 2, duration: 3.5, type: 'mass/kg', content: 72.5, tags: [], ...tracking },
      { id: 'e3', channelId: 'c', folderId: 'f', time: 3, type: 'note/txt', content: 'text', tags: [], ...tracking },
    ],
    eventDeletions: [{ id: 'gone', deleted: 5 }],
    meta,
  }],
  ['results/channels.get.json', { channels: [{ id: 'c', name: 'C', enforceNoEventsOverlap: false, clientData: anyJson, ...tracking }], meta }],
  ['results/accesses.get.json', { accesses: [{ id: 'a', token: 'tok', type: 'app', name: 'App', deviceName: 'phone', permissions: [{ channelId: 'c', folderId: 'f', level: 'read' }], lastUsed: 3, clientData: anyJson, ...tracking }], meta }],
  ['results/values.get.json', { values: [{ key: 'k', value: anyJson, icon: 'i', lastUpdate: '2026-12-02T14:00:00.000Z', modified: 2, modifiedBy: 'a' }, { key: 'n', value: null, lastUpdate: '2026-12-02T14:00:00.000Z', modified: 2, modifiedBy: 'a' }], meta }],
  ['results/changes.get.json', { changes: [{ seq: 1, kind: 'events', action: 'created', channelId: 'c', ids: ['e1'], time: 1 }], lastSeq: 1, meta }],
];

describe('ResultSerializers', () => {
  const validator = new Validator(findSchemasDir(__dirname));
  const serializers = new ResultSerializers(validator);

  for (const [schemaId, answer] of SAMPLES) {
    it(`${schemaId}: the JSON parses back equal to the answer, free-form members and all`, () => {
      expect(validator.compile(schemaId)(answer), JSON.stringify(validator.compile(schemaId).errors)).to.equal(true);
      const json = serializers.stringify(schemaId, answer);
      expect(JSON.parse(json)).to.deep.equal(JSON.parse(JSON.stringify(answer)));
    });
  }

  it('leaves out undefined members as JSON.stringify does, and falls back to it for what the schema does not describe', () => {
    const answer = { access: { id: 'acc', name: 'n', type: 'shared', permissions: [], expires: undefined }, user: { username: 'bob' }, meta };
    expect(JSON.parse(serializers.stringify('results/getAccessInfo.json', answer))).to.deep.equal(JSON.parse(JSON.stringify(answer)));
    // A required member missing: the serializer refuses, JSON.stringify answers.
    expect(serializers.stringify('results/getAccessInfo.json', { user: { username: 'bob' } })).to.equal('{"user":{"username":"bob"}}');
    expect(serializers.stringify('results/callBatch.json', { results: [{ extra: 1 }] })).to.equal('{"results":[{"extra":1}]}');
    expect(serializers.stringify('results/no-such.json', { x: 1 })).to.equal('{"x":1}');
  });
});
