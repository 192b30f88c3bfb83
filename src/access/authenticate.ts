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

export class Authenticator {
  constructor(
    private readonly store: Store,
    private readonly signer: TokenSigner,
  ) {}

  /**
   * The access behind `token` on `username`'s account. Revocation and expiry are checked against the
   * stored access each time, so a token stops working everywhere as soon as its access is gone.
   */
  async authenticate(username: string, token: string | null | undefined, now: number): Promise<Caller> {
    const access = await this.findAccess(username, token, now);
    if (access instanceof ApiError) {
      // An unknown account answers `unknown-resource` whatever token came with the call.
      await this.requireUser(username);
      throw access;
    }
    return { access, permissions: new Permissions(access) };
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
    return access;
  }
}
