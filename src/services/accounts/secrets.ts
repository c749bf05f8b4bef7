import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (memory-hard, built into Node: no native add-on to break on install).
 * Parameters follow OWASP's scrypt guidance (N=2^17, r=8, p=1 → 128 MiB) and are stored with each hash,
 * so they can be raised later without invalidating existing passwords.
 */
export const DEFAULT_SCRYPT_LOG2N = 17;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function scryptAsync(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** `log2N` is the cost: 17 in production; tests lower it through config so hundreds of sign-ups stay quick. */
export async function hashPassword(password: string, log2N = DEFAULT_SCRYPT_LOG2N): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** log2N;
  const key = await scryptAsync(password, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: 256 * N * R });
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const N = Number(n);
  const expected = Buffer.from(key, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, { N, r: Number(r), p: Number(p), maxmem: 256 * N * Number(r) });
  return timingSafeEqual(actual, expected);
}

/** A hash of a password nobody has: comparing against it keeps sign-in time the same for unknown emails. */
const decoyHashes = new Map<number, Promise<string>>();
export function decoyPasswordHash(log2N: number): Promise<string> {
  let hash = decoyHashes.get(log2N);
  if (!hash) {
    hash = hashPassword(randomBytes(16).toString('hex'), log2N);
    decoyHashes.set(log2N, hash);
  }
  return hash;
}

/** A random bearer secret (session, API token, invitation), with a readable prefix saying what it is. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** Bearer secrets are stored as SHA-256: they are long and random, so a fast hash is enough and lookups stay indexed. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
