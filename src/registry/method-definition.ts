/** Methods are data: one definition serves HTTP, Socket.IO and batch alike. */
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

export interface MethodDefinition<P = any, R = any> {
  /** `channels.get`, or `events.get` for a channel-scoped method called as `<cid>.events.get`. */
  name: string;
  channelScoped: boolean;
  authentication: Authentication;
  /** `$id` of the JSON Schema of the params (schemas/methods/...). */
  paramsSchema: string;
  /** `$id` of the JSON Schema of the result (schemas/results/...): what HTTP, sockets and batch return, published in /openapi.json. */
  resultSchema: string;
  /** Absent for methods that exist only over sockets and batch. Admin methods live outside accounts. */
  http?: HttpBinding;
  /** Throws `forbidden` / `unknown-resource` when the caller may not make this call; runs after validation. */
  authorize?(params: P, context: CallContext): void;
  run(params: P, context: CallContext): Promise<R>;
}

/** Keeps the params type of a definition while erasing it for the registry. */
export function defineMethod<P, R>(definition: MethodDefinition<P, R>): MethodDefinition<P, R> {
  return definition;
}
