/** Access tokens: HS256 JWTs naming the account and the stored access they stand for. */
import fs from 'node:fs';
import path from 'node:path';
import { createSecretKey, KeyObject, randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';

export interface TokenClaims {
  username: string;
  accessId: string;
}

/** Signs and verifies tokens with one secret; the algorithm is pinned so `alg: none` or RS/HS confusion is refused. */
export class TokenSigner {
  /** A KeyObject made once: given a string, jsonwebtoken tries (and fails) to read it as a public key on every verify. */
  private readonly key: KeyObject;

  constructor(secret: string) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  sign(claims: TokenClaims, expires?: number): string {
    const payload: jwt.JwtPayload = { sub: claims.username, aid: claims.accessId };
    if (expires !== undefined) payload.exp = Math.floor(expires);
    return jwt.sign(payload, this.key, { algorithm: 'HS256', noTimestamp: false });
  }

  /** The claims of a valid token, or null for anything forged, malformed or expired. */
  verify(token: string): TokenClaims | null {
    try {
      const payload = jwt.verify(token, this.key, { algorithms: ['HS256'] });
      if (typeof payload !== 'object' || typeof payload.sub !== 'string' || typeof payload.aid !== 'string') return null;
      return { username: payload.sub, accessId: payload.aid };
    } catch {
      return null;
    }
  }
}

/** JWT_SECRET when configured, else a secret generated once into DATA_DIR so restarts keep tokens valid. */
export function loadSigningSecret(configured: string | null, dataDir: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'jwt-secret');
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    // 'wx' fails when the file exists, so two processes starting together keep the first secret.
    fs.writeFileSync(file, randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return fs.readFileSync(file, 'utf8').trim();
}
