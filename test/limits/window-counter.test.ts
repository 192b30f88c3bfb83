import { expect } from 'chai';
import { WindowCounter } from '../../src/limits/window-counter';

describe('WindowCounter', () => {
  it('counts points per key within a window, refuses beyond the limit with the time left, and starts again after it', () => {
    let now = 1_000_000;
    const counter = new WindowCounter(3, 10, () => now);
    expect([counter.consume('a'), counter.consume('a'), counter.consume('a')]).to.deep.equal([0, 0, 0]);
    now += 4000;
    expect(counter.consume('a')).to.equal(6000);
    expect(counter.consume('b'), 'another key has its own window').to.equal(0);
    now += 6000;
    expect(counter.consume('a'), 'a new window').to.equal(0);
  });

  it('with a limit of 1 lets one point through per window', () => {
    let now = 0;
    const counter = new WindowCounter(1, 1, () => now);
    expect(counter.consume('k')).to.equal(0);
    expect(counter.consume('k')).to.equal(1000);
    now = 1000;
    expect(counter.consume('k')).to.equal(0);
  });
});
