/** Turns a presented token into the caller's access, checking it against the store on every call. */
import { ApiError } from '../errors';
import type { Access } from '../model/items';
import type { Store } from '../storage/store';
import { Permissions } from './permissions';
import { TokenSigner } from './tokens';

export interface Caller {
  access: Access;
  permissions: Permissions;
}

/**
 * How long a checked token is trusted without reading its access again. Changes to an access on this
 * node forget it at once (see `forget`); on other nodes a revoked or changed access is seen within this.
 */
const RECHECK_AFTER_SECONDS = 1;
const MAX_REMEMBERED = 10000;
/** `lastUsed` is written at most this often per access: one write a minute, not one per call. */
const LAST_USED_PRECISION_SECONDS = 60;

interface Remembered {
  username: string;
  caller: Caller;
  until: number;
}

export class Authenticator {
  /** Recently checked tokens: a busy socket or client does not cost a signature check and a read per call. */
  private readonly recent = new Map<string, Remembered>();

  constructor(
    private readonly store: Store,
    private readonly signer: TokenSigner,
  ) {}

  /**
   * The access behind `token` on `username`'s account. Revocation is checked against the stored access
   * (at most RECHECK_AFTER_SECONDS ago, or now when `fresh`) and expiry on every call.
   */
  async authenticate(username: string, token: string | null | undefined, now: number, { fresh = false } = {}): Promise<Caller> {
    const remembered = fresh ? null : this.remembered(username, token, now);
    if (remembered) return remembered;
    const access = await this.findAccess(username, token, now);
    if (access instanceof ApiError) {
      if (token) this.recent.delete(token);
      // An unknown account answers `unknown-resource` whatever token came with the call.
      await this.requireUser(username);
      throw access;
    }
    const caller = { access, permissions: new Permissions(access) };
    this.remember(token!, { username, caller, until: now + RECHECK_AFTER_SECONDS });
    return caller;
  }

  /**
   * The caller of a token checked less than RECHECK_AFTER_SECONDS ago and not expired, or null when it
   * must be checked (`authenticate`): synchronous, so that a call with nothing to read waits for nothing.
   */
  remembered(username: string, token: string | null | undefined, now: number): Caller | null {
    const remembered = token ? this.recent.get(token) : undefined;
    if (remembered === undefined || remembered.username !== username || remembered.until <= now) return null;
    const { expires } = remembered.caller.access;
    return expires === undefined || expires > now ? remembered.caller : null;
  }

  /** The account a well-signed token names (the root namespace finds the account from an API key), else null. */
  accountOf(token: string | null | undefined): string | null {
    return token ? (this.signer.verify(token)?.username ?? null) : null;
  }

  /** Drops what is remembered of these accesses (changed or deleted on this node). */
  forget(accessIds: readonly string[]): void {
    for (const [token, remembered] of this.recent) {
      if (accessIds.includes(remembered.caller.access.id)) this.recent.delete(token);
    }
  }

  /** Drops what is remembered of an account's tokens (account deleted on this node). */
  forgetAccount(username: string): void {
    for (const [token, remembered] of this.recent) if (remembered.username === username) this.recent.delete(token);
  }

  private remember(token: string, entry: Remembered): void {
    this.recent.delete(token);
    this.recent.set(token, entry);
    // A Map iterates in insertion order: the first key is the least recently checked token.
    if (this.recent.size > MAX_REMEMBERED) this.recent.delete(this.recent.keys().next().value!);
  }

  async requireUser(username: string): Promise<void> {
    if (!(await this.store.users.get(username))) throw new ApiError('unknown-resource', `Unknown user "${username}"`);
  }

  private async findAccess(username: string, token: string | null | undefined, now: number): Promise<Access | ApiError> {
    if (!token) return new ApiError('invalid-access-token', 'An access token is required', undefined, 401);
    const claims = this.signer.verify(token);
    if (!claims) return new ApiError('invalid-access-token', 'The access token is invalid or expired');
    if (claims.username !== username) return new ApiError('forbidden', 'The access token belongs to another account');
    const access = await this.store.accesses.get(username, claims.accessId);
    if (!access || access.token !== token) return new ApiError('invalid-access-token', 'The access token has been revoked');
    if (access.expires !== undefined && access.expires <= now) return new ApiError('invalid-access-token', 'The access token has expired');
    if (access.lastUsed === undefined || now - access.lastUsed >= LAST_USED_PRECISION_SECONDS) {
      // Bookkeeping only: a failed write must not fail the call, and the next check retries it.
      this.store.accesses.recordUse(username, access.id, now).catch(() => null);
      access.lastUsed = now;
    }
    return access;
  }
}
