/** What method factories receive; methods reach nothing else (no singletons, no process.env). */
import type { Authenticator } from '../access/authenticate';
import type { TokenSigner } from '../access/tokens';
import type { Config } from '../config';
import type { LiveSessions } from '../notifications/live-sessions';
import type { Messaging } from '../notifications/realtime/realtime-types';
import type { RateLimits } from '../limits/rate-limits';
import type { Store } from '../storage/store';
import type { ChannelCache } from './channel-cache';

export interface MethodDeps {
  store: Store;
  /** Channels and folder trees, read once per node and forgotten when they change. */
  channelCache: ChannelCache;
  sessions: LiveSessions;
  signer: TokenSigner;
  /** What this node and the others remember of an account (tokens, channels), to forget when it goes. */
  accountCaches: Pick<Authenticator, 'forgetAccount'>;
  /** Messages between users: this node's connections and, with Redis, the other nodes'. */
  realtime: Messaging;
  /** Realtime calls per connection; none counted in tests that build bare methods. */
  limits?: Pick<RateLimits, 'consumeRealtime'>;
  config: Pick<Config, 'maxResults' | 'maxBatchCalls' | 'maxBatchResultBytes' | 'realtimeMaxMessageBytes' | 'realtimeMaxGroups'>;
}
