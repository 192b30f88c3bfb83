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
        // An assignment, not a spread of a conditional object: every client calls this, and on V8 such
        // a spread costs several times the rest of the method.
        const access: { id: string; name: string; type: typeof type; permissions: typeof permissions; expires?: number } = { id, name, type, permissions };
        if (expires !== undefined) access.expires = expires;
        return { access, user: { username: context.username } };
      },
    }),
  ];
}
