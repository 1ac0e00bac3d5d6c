import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Team-mode tokens: `NAME.SECRET`, where SECRET is 32 random bytes (256 bits) in base64url.
 * The name is in the token so that failed attempts can be counted per user name as well as
 * per address (one guesser behind a proxy cannot lock the whole team out), and so the lookup
 * is by name, then a constant-time comparison of hashes. Only the SHA-256 of the secret is
 * stored: a stolen database does not give tokens away, and a 256-bit secret needs no slow hash.
 */

/** User names: lowercase letters, digits, `-` and `_`, starting with a letter or digit; at most 32. */
export const USER_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** A fresh token for `name`, and the hash to store. @example mintToken('ada') // { token: 'ada.Qm9…', hash: '5e1…' } */
export function mintToken(name: string): { token: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { token: `${name}.${secret}`, hash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The name a token claims and its secret, or undefined when it is not shaped like a token. */
export function parseToken(token: string): { name: string; secret: string } | undefined {
  const dot = token.indexOf('.');
  if (dot < 1) return undefined;
  const name = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  if (!USER_NAME.test(name) || !/^[A-Za-z0-9_-]{43}$/.test(secret)) return undefined;
  return { name, secret };
}

/** Whether `secret` hashes to `storedHash`, compared in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
