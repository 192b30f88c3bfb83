/** Methods are data: one definition serves HTTP, Socket.IO and batch alike. */
import type { MethodName, MethodParams, MethodResult } from '../generated/method-types';
import type { CallContext } from './call-context';

export type HttpVerb = 'get' | 'post' | 'put' | 'delete';

export interface HttpBinding {
  verb: HttpVerb;
  /** Path below the account (or the channel for channel-scoped methods); `:id` becomes `params.id`. */
  path: string;
  /** Status of a success; 200 unless the method creates something. */
  status?: number;
  /** How the body maps to params: the params themselves (default), or the `update` of an update method. */
  body?: 'params' | 'update';
}

/** How a call proves who it is. */
export type Authentication = 'token' | 'none' | 'admin-key';

/** What every definition has, whatever its method. */
interface DefinitionBase {
  channelScoped: boolean;
  authentication: Authentication;
  /** Absent for methods that exist only over sockets and batch. Admin methods live outside accounts. */
  http?: HttpBinding;
}

/**
 * One method's definition, typed by its name: params and result are the types generated from its
 * schemas (src/generated/method-types.ts), so a handler that disagrees with them does not compile.
 * The schema ids follow from the name, so a definition cannot point at another method's schemas;
 * `NoInfer` makes the name alone decide which method it is.
 */
export interface TypedMethodDefinition<N extends MethodName> extends DefinitionBase {
  /** `channels.get`, or `events.get` for a channel-scoped method called as `<cid>.events.get`. */
  name: N;
  /** `$id` of the JSON Schema of the params (schemas/methods/...). */
  paramsSchema: `methods/${NoInfer<N>}.json`;
  /** `$id` of the JSON Schema of the result (schemas/results/...): what HTTP, sockets and batch return, published in /openapi.json. */
  resultSchema: `results/${NoInfer<N>}.json`;
  /** Throws `forbidden` / `unknown-resource` when the caller may not make this call; runs after validation. */
  authorize?(params: MethodParams<NoInfer<N>>, context: CallContext): void;
  run(params: MethodParams<NoInfer<N>>, context: CallContext): Promise<MethodResult<NoInfer<N>>>;
}

/**
 * A definition as the registry, dispatch and transports hold it: any method, its params and result
 * erased to `unknown` (dispatch validates params against `paramsSchema` before `authorize` and `run`).
 */
export interface MethodDefinition extends DefinitionBase {
  name: string;
  paramsSchema: string;
  resultSchema: string;
  authorize?(params: unknown, context: CallContext): void;
  run(params: unknown, context: CallContext): Promise<unknown>;
}

/** Types a definition by its name (`defineMethod({name: 'events.get', ...})`) and erases it for the registry. */
export function defineMethod<N extends MethodName>(definition: TypedMethodDefinition<N>): MethodDefinition {
  return definition;
}
