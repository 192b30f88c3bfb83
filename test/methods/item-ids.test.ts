import { expect } from 'chai';
import { generateItemId, newItemId } from '../../src/methods/item-ids';

describe('item ids', () => {
  it('generates 128-bit URL-safe ids starting with a letter, all different across refills of the random pool', () => {
    // 256 ids per pool: 2,000 draws refill it several times.
    const ids = Array.from({ length: 2000 }, () => generateItemId());
    for (const id of ids) expect(id).to.match(/^c[A-Za-z0-9_-]{22}$/);
    expect(new Set(ids).size).to.equal(ids.length);
  });

  it('keeps a valid requested id and refuses a malformed or reserved one', () => {
    expect(newItemId('my-id_1')).to.equal('my-id_1');
    expect(() => newItemId('a b')).to.throw().with.property('id', 'invalid-item-id');
    expect(() => newItemId('running', new Set(['running']))).to.throw().with.property('id', 'invalid-item-id');
  });
});
