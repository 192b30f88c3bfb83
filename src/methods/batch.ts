/** callBatch: runs calls in order as the same caller; one failure does not stop the others. */
import { ApiError, ErrorBody } from '../errors';
import type { Dispatch } from '../registry/dispatch';
import type { MethodResult } from '../generated/method-types';
import { defineMethod, MethodDefinition } from '../registry/method-definition';

type BatchResults = MethodResult<'callBatch'>['results'];

/** `dispatch` is passed late: the batch method is part of the registry that dispatch is built from. */
export function batchMethods(dispatch: () => Dispatch): MethodDefinition[] {
  return [
    defineMethod({
      name: 'callBatch',
      channelScoped: false,
      authentication: 'token',
      paramsSchema: 'methods/callBatch.json',
      resultSchema: 'results/callBatch.json',
      http: { verb: 'post', path: '/' },
      async run(calls, context) {
        const results: BatchResults = [];
        for (const call of calls) {
          if (call.method === 'callBatch') {
            results.push({ error: new ApiError('invalid-operation', 'callBatch cannot be nested').toBody() });
            continue;
          }
          try {
            results.push(
              // dispatch erases the called method's result type; the result schema lists every possible one.
              (await dispatch()({ methodId: call.method, params: call.params ?? {}, username: context.username, token: context.token, transport: 'batch' })) as BatchResults[number],
            );
          } catch (error) {
            results.push({ error: (error as ApiError).toBody() satisfies ErrorBody });
          }
        }
        return { results };
      },
    }),
  ];
}
