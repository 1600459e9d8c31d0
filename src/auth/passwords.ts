import argon2 from 'argon2';
import { scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

/** argon2id parameters (OWASP's recommended minimum: 19 MiB, 2 passes, 1 lane). */
const ARGON2 = { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id (memory-hard). @returns the PHC string `$argon2id$…`. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2);
}

/** True when a stored hash should be replaced by a fresh argon2id one (older scheme or parameters). */
export function needsRehash(stored: string): boolean {
  return !stored.startsWith('$argon2id$') || argon2.needsRehash(stored, ARGON2);
}

/**
 * Checks a password against a stored hash: argon2id, or the scrypt format of the first release
 * (`scrypt$N$r$p$salt$hash`). False for any malformed hash; never throws for bad input.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('$argon2')) {
    try {
      return await argon2.verify(stored, password);
    } catch {
      return false;
    }
  }
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, { N: +n, r: +r, p: +p, maxmem: 64 * 1024 * 1024 });
  return timingSafeEqual(actual, expected);
}

/** A password an organiser may set: at least 10 characters, not only digits or only letters. */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return '密码至少 10 位。';
  if (password.length > 200) return '密码过长。';
  if (/^\d+$/.test(password) || /^[A-Za-z]+$/.test(password)) return '密码不能只含数字或只含字母。';
  return null;
}
