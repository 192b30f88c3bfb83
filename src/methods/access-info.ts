/** getAccessInfo: who the presented token is. */
import type { Access } from '../model/items';
import { callerOf } from '../registry/call-context';
import { defineMethod, MethodDefinition } from '../registry/method-definition';

type AccessInfo = Pick<Access, 'id' | 'name' | 'type' | 'permissions' | 'expires'>;

export function accessInfoMethods(): MethodDefinition[] {
  return [
    defineMethod<Record<string, never>, { access: AccessInfo; user: { username: string } }>({
      name: 'getAccessInfo',
      channelScoped: false,
      authentication: 'token',
      paramsSchema: 'methods/getAccessInfo.json',
      resultSchema: 'results/getAccessInfo.json',
      http: { verb: 'get', path: '/access-info' },
      async run(_params, context) {
        const { id, name, type, permissions, expires } = callerOf(context).access;
        return { access: { id, name, type, permissions, ...(expires !== undefined ? { expires } : {}) }, user: { username: context.username } };
      },
    }),
  ];
}
