/** The store contract for invariants checked inside writes, under concurrent writes through one store and through two on the same data. */
import { expect } from 'chai';
import type { Event } from '../../src/model/items';
import type { NoOverlap, Store } from '../../src/storage/store';
import { describeStore } from './store-fixture';
import { changeOf, eventOf, folderOf } from './item-builders';

const anywhere: NoOverlap = { excludeIds: [], readable: '*' };

/** Settles every promise; the ids of the errors of those that failed (null for a success). */
async function outcomes(writes: Promise<unknown>[]): Promise<(string | null)[]> {
  return Promise.all(writes.map((write) => write.then(() => null, (error: { id?: string; message?: string }) => error.id ?? String(error.message))));
}

function periodOf(id: string, time: number, duration: number | null, overrides: Partial<Event> = {}): Event {
  return eventOf('c1', id, { time, duration, type: 'activity/plain', ...overrides });
}

describeStore('store invariants', (context) => {
  const running = async (store: Store) => (await store.events.page('u', { channelId: 'c1', places: '*', state: 'default', ascending: true, limit: 1000, running: true })).map((e) => e.id);
  const all = async (store: Store) => store.events.page('u', { channelId: 'c1', places: '*', state: 'all', ascending: true, limit: 1000 });

  it('events.create under noOverlap refuses an overlap with periods-overlap naming only readable events, and records no change', async () => {
    const { store } = context;
    await store.events.create('u', periodOf('root', 100, 50), changeOf('events', ['root']));
    await store.events.create('u', periodOf('inF1', 200, 50, { folderId: 'f1' }), changeOf('events', ['inF1']));
    const latest = await store.changes.latestSeq('u');
    const error = await store.events.create('u', periodOf('new', 120, 100), changeOf('events', ['new']), { noOverlap: { excludeIds: [], readable: ['f1'] } }).catch((e: unknown) => e);
    expect(error).to.deep.include({ id: 'periods-overlap', data: { overlappedIds: ['inF1'] } });
    await context.expectLatestSeqAfterFailures('u', latest);
    // Touching periods, marks, and excluded ids do not count.
    await store.events.create('u', periodOf('touching', 150, 50), changeOf('events', ['touching']), { noOverlap: anywhere });
    await store.events.create('u', eventOf('c1', 'mark', { time: 120 }), changeOf('events', ['mark']), { noOverlap: anywhere });
    await store.events.replace('u', (await store.events.get('u', 'c1', 'root'))!, periodOf('root', 100, 60), changeOf('events', ['root']), { noOverlap: { excludeIds: ['touching'], readable: '*' } });
    expect(await store.events.get('u', 'c1', 'new')).to.equal(null);
  });

  it('50 concurrent overlapping creates under noOverlap store one period', async () => {
    const results = await outcomes(Array.from({ length: 50 }, (_, i) => context.store.events.create('u', periodOf(`p${i}`, 100 + i, 100), changeOf('events', [`p${i}`]), { noOverlap: anywhere })));
    expect(results.filter((r) => r === null)).to.have.length(1);
    expect(results.filter((r) => r === 'periods-overlap')).to.have.length(49);
    expect(await all(context.store)).to.have.length(1);
  });

  it('events.start stops the running period and stores the new one as one write; a stale stop is not applied', async () => {
    const { store } = context;
    const first = periodOf('first', 100, null);
    await store.events.create('u', first, changeOf('events', ['first']), { noOverlap: anywhere });
    const stop = { previous: first, next: { ...first, duration: 50 }, change: changeOf('events', ['first'], { action: 'updated' }) };
    const { stopped } = await store.events.start('u', periodOf('second', 150, null), changeOf('events', ['second']), stop, { ...anywhere, excludeIds: ['first'] });
    expect(stopped?.item).to.include({ id: 'first', duration: 50 });
    expect(await running(store)).to.deep.equal(['second']);
    // Stopping `first` again (a stale read of it) changes nothing and the new period overlaps `second`.
    const error = await store.events.start('u', periodOf('third', 160, null), changeOf('events', ['third']), { ...stop, next: { ...first, duration: 60 } }, { ...anywhere, excludeIds: ['first'] }).catch((e: unknown) => e);
    expect(error).to.deep.include({ id: 'periods-overlap', data: { overlappedIds: ['second'] } });
    expect(await store.events.get('u', 'c1', 'first')).to.include({ duration: 50 });
    expect(await store.events.get('u', 'c1', 'third')).to.equal(null);
  });

  it('concurrent starts through two store objects on the same data leave one running period', async () => {
    const other = await context.openAnother();
    await context.store.events.create('u', periodOf('s0', 100, null), changeOf('events', ['s0']), { noOverlap: anywhere });
    const s0 = (await context.store.events.get('u', 'c1', 's0'))!;
    // Every writer read s0 as the running period: exactly one may stop it.
    const results = await outcomes(
      Array.from({ length: 30 }, (_, i) => {
        const store = i % 2 === 0 ? context.store : other;
        const stop = { previous: s0, next: { ...s0, duration: i + 1 }, change: changeOf('events', ['s0'], { action: 'updated' }) };
        return store.events.start('u', periodOf(`s${i + 1}`, 101 + i, null), changeOf('events', [`s${i + 1}`]), stop, { ...anywhere, excludeIds: ['s0'] });
      }),
    );
    expect(results.filter((r) => r === null)).to.have.length(1);
    expect(results.filter((r) => r !== null && r !== 'periods-overlap')).to.deep.equal([]);
    expect(await running(context.store)).to.have.length(1);
    expect(await all(context.store)).to.have.length(2);
  });

  it('crossed folder moves through one or two store objects: one succeeds, the other is a cycle (invalid-operation)', async () => {
    const other = await context.openAnother();
    for (const [store, round] of [[context.store, 1], [other, 2]] as const) {
      const x = folderOf('c1', `x${round}`);
      const y = folderOf('c1', `y${round}`);
      await context.store.folders.create('u', x, changeOf('folders', [x.id]));
      await context.store.folders.create('u', y, changeOf('folders', [y.id]));
      const results = await outcomes([
        context.store.folders.replace('u', x, { ...x, parentId: y.id }, changeOf('folders', [x.id], { action: 'updated' })),
        store.folders.replace('u', y, { ...y, parentId: x.id }, changeOf('folders', [y.id], { action: 'updated' })),
      ]);
      expect(results.filter((r) => r === null), `round ${round}`).to.have.length(1);
      expect(results.filter((r) => r === 'invalid-operation'), `round ${round}`).to.have.length(1);
      const roots = (await context.store.folders.inChannel('u', 'c1')).filter((f) => f.id.endsWith(String(round)) && f.parentId === null);
      expect(roots, `round ${round}`).to.have.length(1);
    }
    // A move into its own subtree is refused outright.
    const x1 = (await context.store.folders.inChannel('u', 'c1')).find((f) => f.id === 'x1')!;
    if (x1.parentId === 'y1') {
      const y1 = (await context.store.folders.inChannel('u', 'c1')).find((f) => f.id === 'y1')!;
      expect(await outcomes([context.store.folders.replace('u', y1, { ...y1, parentId: 'x1' }, changeOf('folders', ['y1']))])).to.deep.equal(['invalid-operation']);
    }
  });

  it('concurrent folder creates with one name under one parent through two store objects store one', async () => {
    const other = await context.openAnother();
    const results = await outcomes(Array.from({ length: 20 }, (_, i) => (i % 2 ? other : context.store).folders.create('u', folderOf('c1', `f${i}`, null, { name: 'Same' }), changeOf('folders', [`f${i}`]))));
    expect(results.filter((r) => r === null)).to.have.length(1);
    expect(results.filter((r) => r === 'item-already-exists')).to.have.length(19);
  });
});
