/** What method factories receive; methods reach nothing else (no singletons, no process.env). */
import type { Authenticator } from '../access/authenticate';
import type { TokenSigner } from '../access/tokens';
import type { ChangeLog } from '../changes/change-log';
import type { Config } from '../config';
import type { LiveSessions } from '../notifications/live-sessions';
import type { Store } from '../storage/store';

export interface MethodDeps {
  store: Store;
  changeLog: ChangeLog;
  sessions: LiveSessions;
  signer: TokenSigner;
  /** Recently checked tokens, to forget when an account goes (access changes are forgotten through the change log). */
  tokenCache: Pick<Authenticator, 'forgetAccount'>;
  config: Pick<Config, 'maxResults'>;
}
