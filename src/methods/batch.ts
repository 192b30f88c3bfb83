/** callBatch: runs calls in order as the same caller; one failure does not stop the others. */
import type { Config } from '../config';
import { ApiError, ErrorBody } from '../errors';
import type { Dispatch } from '../registry/dispatch';
import type { MethodResult } from '../generated/method-types';
import { defineMethod, MethodDefinition } from '../registry/method-definition';

type BatchResults = MethodResult<'callBatch'>['results'];

/** `dispatch` is passed late: the batch method is part of the registry that dispatch is built from. */
export function batchMethods(dispatch: () => Dispatch, limits: Pick<Config, 'maxBatchCalls' | 'maxBatchResultBytes'>): MethodDefinition[] {
  return [
    defineMethod({
      name: 'callBatch',
      channelScoped: false,
      authentication: 'token',
      paramsSchema: 'methods/callBatch.json',
      resultSchema: 'results/callBatch.json',
      http: { verb: 'post', path: '/' },
      async run(calls, context) {
        if (calls.length > limits.maxBatchCalls) {
          throw new ApiError('request-too-large', `A batch holds at most ${limits.maxBatchCalls} calls`, { limit: limits.maxBatchCalls });
        }
        const results: BatchResults = [];
        // The answer's size is bounded too: a few small reads must not build a huge answer in memory.
        let resultBytes = 0;
        for (const call of calls) {
          if (resultBytes > limits.maxBatchResultBytes) {
            results.push({ error: batchTooLarge(limits.maxBatchResultBytes).toBody() });
            continue;
          }
          if (call.method === 'callBatch') {
            results.push({ error: new ApiError('invalid-operation', 'callBatch cannot be nested').toBody() });
            continue;
          }
          try {
            // dispatch erases the called method's result type; the result schema lists every possible one.
            const result = (await dispatch()({ methodId: call.method, params: call.params ?? {}, username: context.username, token: context.token, transport: 'batch', connectionId: context.connectionId })) as BatchResults[number];
            resultBytes += JSON.stringify(result)?.length ?? 0;
            results.push(resultBytes > limits.maxBatchResultBytes ? { error: batchTooLarge(limits.maxBatchResultBytes).toBody() } : result);
          } catch (error) {
            results.push({ error: (error as ApiError).toBody() satisfies ErrorBody });
          }
        }
        return { results };
      },
    }),
  ];
}

function batchTooLarge(limit: number): ApiError {
  return new ApiError('too-many-results', `The batch's results exceed ${limit} bytes: this call's result is left out, and later calls are not run`, { limit });
}
