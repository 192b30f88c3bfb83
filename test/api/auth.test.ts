import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { describeApi } from '../helpers/describe-api';
import { expectError, expectOk } from '../helpers/accounts';
import { httpCaller } from '../helpers/callers';

describeApi('auth and access info', (t) => {
  it('getAccessInfo describes the personal access and the user', async () => {
    const info = expectOk(await t.caller.call('getAccessInfo'));
    expect(info.user).to.deep.equal({ username: t.account.username });
    expect(info.access).to.include({ type: 'personal', name: 'tests' });
    expect(info.access.permissions).to.deep.equal([{ channelId: '*', level: 'manage' }]);
    expect(info.access.expires).to.be.a('number').and.greaterThan(Date.now() / 1000);
    expect(info.access).to.not.have.property('token');
  });

  it('auth.login gives the same invalid-credentials answer for a wrong password and an unknown user', async () => {
    const wrong = expectError(await t.caller.call('auth.login', { username: t.account.username, password: 'not it', appId: 'x' }), 'invalid-credentials', 401);
    const otherName = expectError(await t.caller.call('auth.login', { username: 'someone-else', password: t.account.password, appId: 'x' }), 'invalid-credentials', 401);
    expect(wrong.message).to.equal(otherName.message);
  });

  it('auth.login returns a new personal token bound to the appId', async () => {
    const { token, user } = expectOk(await t.caller.call('auth.login', { username: t.account.username, password: t.account.password, appId: 'second-app' }));
    expect(user).to.deep.equal({ username: t.account.username });
    expect(token).to.not.equal(t.account.token);
    const info = expectOk(await httpCaller(t.server.url, t.account.username, token).call('getAccessInfo'));
    expect(info.access).to.include({ type: 'personal', name: 'second-app' });
  });

  it('auth.logout ends that token only', async () => {
    const { token } = expectOk(await t.caller.call('auth.login', { username: t.account.username, password: t.account.password, appId: 'other' }));
    const other = httpCaller(t.server.url, t.account.username, token);
    expect(expectOk(await t.caller.call('auth.logout'))).to.have.property('meta');
    const mine = httpCaller(t.server.url, t.account.username, t.account.token);
    expectError(await mine.call('channels.get'), 'invalid-access-token', 403);
    expectOk(await other.call('channels.get'));
  });

  it('a token past its expiry, or signed with another algorithm or secret, gets invalid-access-token', async () => {
    const secret = fs.readFileSync(path.join(t.server.config.dataDir, 'jwt-secret'), 'utf8');
    const claims = jwt.decode(t.account.token) as { sub: string; aid: string };
    const expired = jwt.sign({ sub: claims.sub, aid: claims.aid, exp: Math.floor(Date.now() / 1000) - 10 }, secret, { algorithm: 'HS256' });
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: claims.sub, aid: claims.aid })).toString('base64url')}.`;
    const otherSecret = jwt.sign({ sub: claims.sub, aid: claims.aid }, 'not the secret', { algorithm: 'HS256' });
    const sameClaimsNewToken = jwt.sign({ sub: claims.sub, aid: claims.aid }, secret, { algorithm: 'HS256' });
    for (const token of [expired, unsigned, otherSecret, sameClaimsNewToken]) {
      expectError(await httpCaller(t.server.url, t.account.username, token).call('getAccessInfo'), 'invalid-access-token', 403);
    }
  });
});
