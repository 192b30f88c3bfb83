/**
 * Meta-test: DESIGN convention 5. The generated method types are current with schemas/ (server and
 * client copies), and `defineMethod` refuses, at compile time, a handler that disagrees with them:
 * the `@ts-expect-error` lines below fail the build the day they compile.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { findPackageRoot, GENERATED_FILES, generateMethodTypes } from '../../scripts/generate-types';
import type { MethodParams, MethodResult, MethodTypes } from '../../src/generated/method-types';
import type * as Items from '../../src/model/items';
import { defineMethod } from '../../src/registry/method-definition';

const root = findPackageRoot(__dirname);

/** Never called: only type-checked. Each case is a definition that must not compile. */
export function definitionsThatDoNotCompile(): unknown[] {
  const event = {} as Items.Event;
  return [
    defineMethod({
      name: 'events.stop',
      channelScoped: true,
      authentication: 'token',
      paramsSchema: 'methods/events.stop.json',
      resultSchema: 'results/events.stop.json',
      // @ts-expect-error a result field of the wrong type: stoppedId is a string
      async run() {
        return { stoppedId: 42 };
      },
    }),
    defineMethod({
      name: 'events.getOne',
      channelScoped: true,
      authentication: 'token',
      paramsSchema: 'methods/events.getOne.json',
      resultSchema: 'results/events.getOne.json',
      // @ts-expect-error a result that misses its required field (`event`, not `item`)
      async run() {
        return { item: event };
      },
    }),
    defineMethod({
      name: 'events.getOne',
      channelScoped: true,
      authentication: 'token',
      paramsSchema: 'methods/events.getOne.json',
      resultSchema: 'results/events.getOne.json',
      async run(params) {
        // @ts-expect-error a param of the wrong type: id is a string
        const id: number = params.id;
        return { event: { ...event, time: id } };
      },
    }),
    defineMethod({
      name: 'channels.get',
      channelScoped: false,
      authentication: 'token',
      paramsSchema: 'methods/channels.get.json',
      resultSchema: 'results/channels.get.json',
      // @ts-expect-error params declared other than the schema says: state is an enum, not a number
      authorize(params: { state?: number }) {
        void params;
      },
      async run() {
        return { channels: [] };
      },
    }),
    defineMethod({
      name: 'events.getOne',
      channelScoped: true,
      authentication: 'token',
      // @ts-expect-error the schemas of another method
      paramsSchema: 'methods/events.get.json',
      resultSchema: 'results/events.getOne.json',
      async run() {
        return { event };
      },
    }),
    defineMethod({
      // @ts-expect-error a method without schemas: no such name...
      name: 'events.explode',
      channelScoped: true,
      authentication: 'token',
      // @ts-expect-error ...no such params schema...
      paramsSchema: 'methods/events.explode.json',
      // @ts-expect-error ...and no such result schema
      resultSchema: 'results/events.explode.json',
      async run() {
        return {};
      },
    }),
  ];
}

/** Holds when `A` and `B` are assignable both ways. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const itemsAreTheSchemaTypes: [
  Same<Items.Channel, MethodResult<'channels.create'>['channel']>,
  Same<Items.FolderNode, MethodResult<'folders.get'>['folders'][number]>,
  Same<Items.Event, MethodResult<'events.getOne'>['event']>,
  Same<Items.Access, MethodResult<'accesses.create'>['access']>,
  Same<Items.Change, MethodResult<'changes.get'>['changes'][number]>,
  Same<Items.ItemState, NonNullable<MethodParams<'events.get'>['state']>>,
] = [true, true, true, true, true, true];

describe('meta: method types', () => {
  it('src/generated/method-types.ts and the client copy are what `npm run generate:types` writes from schemas/', async function () {
    this.timeout(30000);
    const expected = await generateMethodTypes(path.join(root, 'schemas'));
    const stale = GENERATED_FILES.filter((file) => {
      const full = path.join(root, file);
      return !fs.existsSync(full) || fs.readFileSync(full, 'utf8') !== expected;
    });
    expect(stale, `out of date with schemas/: ${stale.join(', ')}; run npm run generate:types`).to.deep.equal([]);
  });

  it('every method of the registry has its params and result in MethodTypes, and the domain items are the schema types', () => {
    const names: (keyof MethodTypes)[] = fs
      .readdirSync(path.join(root, 'schemas', 'methods'))
      .map((file) => file.replace(/\.json$/, '') as keyof MethodTypes);
    const text = fs.readFileSync(path.join(root, GENERATED_FILES[0]), 'utf8');
    const missing = names.filter((name) => !text.includes(`${/^\w+$/.test(name) ? name : `'${name}'`}: {`));
    expect(missing).to.deep.equal([]);
    expect(itemsAreTheSchemaTypes.every(Boolean)).to.equal(true);
  });
});
