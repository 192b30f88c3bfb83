/** What method factories receive; methods reach nothing else (no singletons, no process.env). */
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
  config: Pick<Config, 'maxResults'>;
}
