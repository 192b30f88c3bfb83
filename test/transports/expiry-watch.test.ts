import { expect } from 'chai';
import type { Socket } from 'socket.io';
import { ExpiryWatch } from '../../src/transports/socket/expiry-watch';
import { within } from '../helpers/processes';

/** A stand-in with the one method the watch calls: it records when it was closed. */
function fakeSocket(): { socket: Socket; closedAt: Promise<number>; closed: () => boolean } {
  let closed = false;
  let resolve: (at: number) => void = () => undefined;
  const closedAt = new Promise<number>((r) => (resolve = r));
  const socket = { disconnect: () => ((closed = true), resolve(Date.now())) } as unknown as Socket;
  return { socket, closedAt, closed: () => closed };
}

describe('ExpiryWatch: one timer closes the sockets of expiring tokens', function () {
  this.timeout(10000);

  it('closes each socket at or after its expiry (within a second), not the forgotten or unexpiring ones', async () => {
    const watch = new ExpiryWatch();
    const now = Date.now();
    const soon = fakeSocket();
    const later = fakeSocket();
    const forgotten = fakeSocket();
    const never = fakeSocket();
    watch.watch(later.socket, (now + 1500) / 1000);
    watch.watch(soon.socket, (now + 300) / 1000);
    watch.watch(forgotten.socket, (now + 300) / 1000);
    watch.watch(never.socket, undefined);
    watch.forget(forgotten.socket);
    const soonAt = await within(soon.closedAt, 3000, 'the first close');
    expect(soonAt).to.be.at.least(now + 300).and.below(now + 1300 + 500);
    const laterAt = await within(later.closedAt, 3000, 'the second close');
    expect(laterAt).to.be.at.least(now + 1500).and.below(now + 2500 + 500);
    expect(forgotten.closed()).to.equal(false);
    expect(never.closed()).to.equal(false);
  });
});
