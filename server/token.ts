import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a token may be made of, and at least how long: 32 characters of 64 kinds is 192 bits. */
const STRONG = /^[A-Za-z0-9_-]{32,}$/;

/**
 * A fresh random token for PANELNOTES_TOKEN: 43 characters of `[A-Za-z0-9_-]` (256 bits), safe
 * in a shell, a header and a URL.
 *
 * @example newToken() // 'q3Vx…' (43 characters)
 */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Whether a token is long and plain enough to guard a server others can reach.
 *
 * @example isStrongToken('7') // false
 * @example isStrongToken(newToken()) // true
 */
export function isStrongToken(token: string): boolean {
  return STRONG.test(token);
}

/**
 * Whether `given` is `token`, in time that depends on neither: both are hashed to 32 bytes
 * first, so not even their lengths show in how long the answer takes.
 */
export function sameToken(given: string, token: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(token));
}
