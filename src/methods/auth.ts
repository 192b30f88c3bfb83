/** auth.login / auth.logout: personal sessions, each a stored access behind a JWT so it can be revoked. */
import { ApiError } from '../errors';
import type { Access } from '../model/items';
import { verifyPassword } from '../access/passwords';
import { callerOf } from '../registry/call-context';
import { defineMethod, MethodDefinition } from '../registry/method-definition';
import { generateItemId } from './item-ids';
import type { MethodDeps } from './method-deps';
import { endAccess } from './end-access';

/** A personal session lasts two weeks; apps log in again after that. */
export const PERSONAL_TOKEN_LIFETIME_SECONDS = 14 * 24 * 3600;

export function authMethods(deps: MethodDeps): MethodDefinition[] {
  const { store, signer } = deps;

  const login = defineMethod({
    name: 'auth.login',
    channelScoped: false,
    authentication: 'none',
    paramsSchema: 'methods/auth.login.json',
    resultSchema: 'results/auth.login.json',
    http: { verb: 'post', path: '/auth/login' },
    async run(params, context) {
      const user = params.username === context.username ? await store.users.get(context.username) : null;
      // Same answer, same work, for an unknown user and a wrong password.
      if (!(await verifyPassword(params.password, user?.passwordHash ?? null)) || !user) {
        throw new ApiError('invalid-credentials', 'Wrong username or password');
      }
      const id = generateItemId();
      const expires = context.now + PERSONAL_TOKEN_LIFETIME_SECONDS;
      const access: Access = {
        id,
        token: signer.sign({ username: user.username, accessId: id }, expires),
        type: 'personal',
        name: params.appId,
        permissions: [{ channelId: '*', level: 'manage' }],
        expires,
        created: context.now,
        createdBy: id,
        modified: context.now,
        modifiedBy: id,
      };
      await store.accesses.create(user.username, access, { kind: 'accesses', action: 'created', ids: [id], scope: { accessCreators: [id] } });
      return { token: access.token, user: { username: user.username } };
    },
  });

  const logout = defineMethod({
    name: 'auth.logout',
    channelScoped: false,
    authentication: 'token',
    paramsSchema: 'methods/auth.logout.json',
    resultSchema: 'results/auth.logout.json',
    http: { verb: 'post', path: '/auth/logout' },
    async run(_params, context) {
      await endAccess(deps, context.username, callerOf(context).access, context.now);
      return {};
    },
  });

  return [login, logout];
}
