/** Everything a method knows about its caller; methods never see the transport. */
import type { Caller } from '../access/authenticate';

export type Transport = 'http' | 'socket' | 'batch' | 'worker';

export interface CallContext {
  /** The account the call is addressed to; null only for account administration. */
  readonly username: string;
  /** The channel of a channel-scoped method id (`<cid>.events.get`). */
  readonly channelId: string | null;
  /** The authenticated access; null for methods that take no token. */
  readonly caller: Caller | null;
  /** The token the call presented, so a batch can run its calls as the same caller. */
  readonly token: string | null;
  /** Server time of the call, in seconds since the epoch. */
  readonly now: number;
  readonly transport: Transport;
  /** The Socket.IO connection the call came on (its id); a batch's calls share their batch's; null over HTTP. */
  readonly connectionId: string | null;
}

/** The caller of a method that requires a token; dispatch guarantees it is there. */
export function callerOf(context: CallContext): Caller {
  if (!context.caller) throw new Error('method requires an authenticated caller');
  return context.caller;
}
