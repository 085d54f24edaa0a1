/**
 * Password hashes of a hosted deployment's accounts: scrypt (Node's built-in `crypto.scrypt`, a
 * memory-hard KDF, so guessing costs memory as well as time) with a random 16-byte salt and a
 * 64-byte key. Each hash carries its parameters, in the PHC string format
 * `$scrypt$ln=15,r=8,p=1$<salt>$<key>` (base64 without padding), so they can be raised later
 * without breaking the hashes already stored. Keys are compared in constant time.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** The scrypt parameters of new hashes: N = 2^ln (memory 128·N·r bytes = 32 MiB), r, p. */
export const PASSWORD_HASH_PARAMETERS = { ln: 15, r: 8, p: 1 } as const;
/** Salt and key lengths of new hashes, in bytes. */
const SALT_BYTES = 16;
const KEY_BYTES = 64;
/** The most memory a stored hash may ask for (N=2^17, r=8): a hash with more is refused, not computed. */
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;
const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/**
 * The stored form of `password`.
 *
 * @example
 * await hashPassword('correct horse battery') // → '$scrypt$ln=15,r=8,p=1$q1w…$Zx9…'
 */
export async function hashPassword(password: string): Promise<string> {
  const { ln, r, p } = PASSWORD_HASH_PARAMETERS;
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, { N: 2 ** ln, r, p });
  return `$scrypt$ln=${ln},r=${r},p=${p}$${unpadded(salt)}$${unpadded(key)}`;
}

/**
 * Whether `password` matches the stored `hash` (computed with the hash's own parameters and
 * compared in constant time). A malformed hash never matches.
 *
 * @example
 * await verifyPassword('correct horse battery', await hashPassword('correct horse battery')) // → true
 */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const parts = PHC.exec(hash);
  if (!parts) return false;
  const [ln, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  if (ln < 1 || r < 1 || p < 1 || 128 * 2 ** ln * r > MAX_MEMORY_BYTES || expected.length < 16) return false;
  const key = await derive(password, salt, expected.length, { N: 2 ** ln, r, p });
  return timingSafeEqual(key, expected);
}

function derive(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  const memory = 128 * options.N! * options.r!;
  return new Promise((resolve, reject) => {
    // maxmem: scrypt's own default (32 MiB) is exactly N=2^15, r=8's need, which OpenSSL refuses; allow twice the need.
    scrypt(password.normalize('NFC'), salt, length, { ...options, maxmem: 2 * memory }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function unpadded(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}
