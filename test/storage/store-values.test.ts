/** The store contract for a channel's current values: set creates or replaces, remove, sorting by key, and the notice that is heard but never stored. */
import { expect } from 'chai';
import type { ValueItem } from '../../src/model/items';
import type { ChangeRecord, ChangeVisibility, StoredChange } from '../../src/storage/store';
import { describeStore } from './store-fixture';
import { changeOf, channelOf } from './item-builders';

const EVERYTHING: ChangeVisibility = { accesses: 'all', channels: '*', partial: [] };

function valueOf(key: string, value: unknown, icon?: string): ValueItem {
  return { key, value, ...(icon === undefined ? {} : { icon }), lastUpdate: '2025-03-31T17:40:19.653Z', modified: 1743442819.653, modifiedBy: 'a1' };
}

function valueChange(key: string, action: ChangeRecord['action'] = 'updated'): ChangeRecord {
  return changeOf('values', [key], { action, channelId: 'c1', notice: { event: action === 'deleted' ? 'removeData' : 'setData', data: { key } } });
}

describeStore('store values', (context) => {
  it('set creates or replaces a key as a whole; list sorts by key and filters by keys; keys with . $ / spaces and any Unicode round-trip', async () => {
    const { store } = context;
    const keys = ['sıcaklık', 'a.b$c/d e', '$where', 'z'];
    for (const key of keys) await store.values.set('u', 'c1', valueOf(key, { nested: { 'a.b': 1, $x: [null] } }, 'icon'), valueChange(key));
    await store.values.set('u', 'c1', valueOf('z', 7), valueChange('z'));
    await store.values.set('u', 'c2', valueOf('other', 1), valueChange('other'));
    const listed = await store.values.list('u', 'c1');
    expect(listed.map((item) => item.key)).to.deep.equal([...keys].sort());
    expect(listed.find((item) => item.key === 'z')).to.deep.equal(valueOf('z', 7));
    expect(listed.find((item) => item.key === 'sıcaklık')).to.deep.equal(valueOf('sıcaklık', { nested: { 'a.b': 1, $x: [null] } }, 'icon'));
    expect(await store.values.list('u', 'c1', ['z', 'missing'])).to.deep.equal([valueOf('z', 7)]);
    expect(await store.values.list('v', 'c1')).to.deep.equal([]);
  });

  it('remove takes the key away and answers null (no change) when it is gone', async () => {
    const { store } = context;
    await store.values.set('u', 'c1', valueOf('k', 1), valueChange('k'));
    expect(await store.values.remove('u', 'c1', 'k', valueChange('k', 'deleted'))).to.include({ kind: 'values', action: 'deleted' });
    expect(await store.values.remove('u', 'c1', 'k', valueChange('k', 'deleted'))).to.equal(null);
    expect(await store.values.list('u', 'c1')).to.deep.equal([]);
  });

  it('listeners hear the notice with the change; the log never stores it', async () => {
    const { store } = context;
    const heard: StoredChange[] = [];
    store.onChange((_account, change) => heard.push(change));
    await store.values.set('u', 'c1', valueOf('k', 1), valueChange('k'));
    expect(heard).to.have.length(1);
    expect(heard[0].notice).to.deep.equal({ event: 'setData', data: { key: 'k' } });
    const [read] = await store.changes.since('u', 0, 10, EVERYTHING);
    expect(read).to.not.have.property('notice');
    expect(read).to.include({ kind: 'values', channelId: 'c1' });
  });

  it("a channel's final delete takes its values", async () => {
    const { store } = context;
    await store.channels.create('u', channelOf('c1'), changeOf('channels', ['c1'], { channelId: 'c1' }));
    await store.values.set('u', 'c1', valueOf('k', 1), valueChange('k'));
    await store.channels.remove('u', 'c1', 1, changeOf('channels', ['c1'], { action: 'deleted', channelId: 'c1' }));
    expect(await store.values.list('u', 'c1')).to.deep.equal([]);
  });
});
