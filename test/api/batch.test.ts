import { expect } from 'chai';
import { describeApi } from '../helpers/describe-api';
import { expectError, expectOk } from '../helpers/accounts';

describeApi('callBatch', (t) => {
  it('runs the calls in order and one failure does not stop the others', async () => {
    const { results } = expectOk(
      await t.caller.call('callBatch', [
        { method: 'channels.create', params: { id: 'a', name: 'A' } },
        { method: 'channels.create', params: { id: 'a', name: 'Again' } },
        { method: 'channels.update', params: { id: 'a', update: { name: 'A2' } } },
        { method: 'no.such.method.here' },
        { method: 'channels.get' },
      ]),
    );
    expect(results).to.have.length(5);
    expect(results[0].channel.name).to.equal('A');
    expect(results[1].error.id).to.equal('item-already-exists');
    expect(results[2].channel.name).to.equal('A2');
    expect(results[3].error.id).to.equal('invalid-method');
    expect(results[4].channels.map((c: { name: string }) => c.name)).to.deep.equal(['A2']);
  });

  it('validates each call on its own and refuses nested batches', async () => {
    const { results } = expectOk(
      await t.caller.call('callBatch', [{ method: 'channels.create', params: { name: 7 } }, { method: 'callBatch', params: {} }, { method: 'getAccessInfo' }]),
    );
    expect(results[0].error.id).to.equal('invalid-parameters-format');
    expect(results[1].error.id).to.equal('invalid-operation');
    expect(results[2].user.username).to.equal(t.account.username);
  });

  it('refuses a batch that is not a list of {method, params}', async () => {
    expectError(await t.caller.call('callBatch', [{ params: {} }]), 'invalid-parameters-format', 400);
    expectError(await t.caller.call('callBatch', [{ method: 'channels.get', extra: 1 }]), 'invalid-parameters-format', 400);
  });

  it('does not run account administration inside a batch', async () => {
    const { results } = expectOk(await t.caller.call('callBatch', [{ method: 'users.create', params: { username: 'sneaky-user', password: 'long enough' } }]));
    expect(results[0].error.id).to.equal('invalid-method');
  });
});
