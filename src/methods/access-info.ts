/** getAccessInfo: who the presented token is. */
import { callerOf } from '../registry/call-context';
import { defineMethod, MethodDefinition } from '../registry/method-definition';

export function accessInfoMethods(): MethodDefinition[] {
  return [
    defineMethod({
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
