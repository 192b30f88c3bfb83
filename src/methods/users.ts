/** Account administration behind ADMIN_KEY: POST /users, DELETE /users/{username}. */
import { ApiError } from '../errors';
import { hashPassword } from '../access/passwords';
import { defineMethod, MethodDefinition } from '../registry/method-definition';
import type { MethodDeps } from './method-deps';

export function userMethods({ store, sessions, accountCaches }: MethodDeps): MethodDefinition[] {
  const create = defineMethod({
    name: 'users.create',
    channelScoped: false,
    authentication: 'admin-key',
    paramsSchema: 'methods/users.create.json',
    resultSchema: 'results/users.create.json',
    http: { verb: 'post', path: '/users', status: 201 },
    async run(params, context) {
      await store.users.create({
        username: params.username,
        passwordHash: await hashPassword(params.password),
        ...(params.email ? { email: params.email } : {}),
        created: context.now,
      });
      return { user: { username: params.username } };
    },
  });

  const remove = defineMethod({
    name: 'users.delete',
    channelScoped: false,
    authentication: 'admin-key',
    paramsSchema: 'methods/users.delete.json',
    resultSchema: 'results/users.delete.json',
    http: { verb: 'delete', path: '/users/:username' },
    async run({ username }, context) {
      if (!(await store.users.get(username))) throw new ApiError('unknown-resource', `Unknown user "${username}"`, { username });
      sessions.disconnectAccount(username);
      await store.removeAccount(username);
      accountCaches.forgetAccount(username);
      return { userDeletion: { username, deleted: context.now } };
    },
  });

  return [create, remove];
}
