/**
 * Accounts with a password on a hosted deployment: sign-up (a new member, or a guest upgrading its
 * own account), sign-in, and the admin role given by `--admin-email`. A wrong address and a wrong
 * password answer the same 401, after the same work: an unknown address is checked against a
 * dummy hash, so the answer's timing does not tell which accounts exist.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { HttpError } from '../http-errors.js';
import { newId } from '../ids.js';
import type { Caller } from './accounts.js';
import { credentialsSchema, PASSWORD_LENGTH, type Credentials } from './hosted-options.js';
import { hashPassword, verifyPassword } from './passwords.js';

/** An account as its owner sees it. */
export interface AccountView {
  readonly userId: string;
  readonly kind: 'guest' | 'member';
  readonly role: Caller['role'];
  /** The sign-in address (members only). */
  readonly accountEmail?: string;
  /** Where job e-mails go (`PUT /api/me/email`), if anywhere. */
  readonly email?: string;
  /** Whether the sign-in address is verified (`POST /api/accounts/verify`); members only, `GET /api/me`. */
  readonly emailVerified?: boolean;
  /** Whether the job e-mail address is verified (job e-mails go only to a verified one); with `email`, `GET /api/me`. */
  readonly notificationEmailVerified?: boolean;
}

interface UserRow {
  id: string;
  kind: AccountView['kind'];
  role: Caller['role'];
  account_email: string | null;
  email: string | null;
  password_hash: string | null;
}

const WRONG_CREDENTIALS = 'Wrong e-mail address or password. Check both, or sign up first (POST /api/accounts).';

/**
 * Signs up: a new member, or (with `upgrade`, the caller of a guest's key) the caller's guest account
 * becomes a member with the same id, keys and jobs. 400 for bad credentials, 409 when the address
 * is taken or the caller already has one.
 *
 * @example
 * await signUp(database, { email: 'ada@example.com', password: 'correct horse battery' }, { adminEmail: undefined })
 * // → { userId: '…', kind: 'member', role: 'user', accountEmail: 'ada@example.com' }
 */
export async function signUp(database: pg.Pool, body: unknown, options: { adminEmail?: string; upgrade?: Caller }): Promise<AccountView> {
  const { email, password } = readCredentials(body);
  const role = options.adminEmail !== undefined && sameAddress(email, options.adminEmail) ? 'admin' : undefined;
  const passwordHash = await hashPassword(password);
  try {
    if (options.upgrade) {
      const { rows } = await database.query<UserRow>(
        `UPDATE users SET kind = 'member', account_email = $2, password_hash = $3, role = coalesce($4, role) WHERE id = $1 AND kind = 'guest' RETURNING *`,
        [options.upgrade.userId, email, passwordHash, role ?? null],
      );
      if (!rows[0]) throw new HttpError(409, 'CONFLICT', 'This account already has an e-mail address and password. Sign in with them (POST /api/sessions), or sign up without the key for another account.');
      return view(rows[0]);
    }
    const { rows } = await database.query<UserRow>(`INSERT INTO users (id, kind, role, account_email, password_hash) VALUES ($1, 'member', $2, $3, $4) RETURNING *`, [newId(), role ?? 'user', email, passwordHash]);
    return view(rows[0]);
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new HttpError(409, 'CONFLICT', `An account with the e-mail address ${JSON.stringify(email)} exists already. Sign in instead (POST /api/sessions), or sign up with another address.`, 'email');
    throw error;
  }
}

/**
 * The account whose address and password are in `body`; 401 (the same for an unknown address and
 * a wrong password) otherwise.
 *
 * @example
 * const account = await signIn(database, { email: 'ada@example.com', password: 'correct horse battery' });
 */
export async function signIn(database: pg.Pool, body: unknown): Promise<AccountView> {
  const { email, password } = readSignIn(body);
  const { rows } = await database.query<UserRow>('SELECT * FROM users WHERE lower(account_email) = lower($1)', [email]);
  const row = rows[0];
  const matches = await verifyPassword(password, row?.password_hash ?? (await dummyPasswordHash()));
  if (!row || !matches) throw new HttpError(401, 'UNAUTHORIZED', WRONG_CREDENTIALS);
  return view(row);
}

/** The account of `userId`, with whether its addresses are verified. */
export async function accountOf(database: pg.Pool, userId: string): Promise<AccountView> {
  const { rows } = await database.query<UserRow & { verified: string[] }>('SELECT u.*, array(SELECT address FROM verified_emails v WHERE v.user_id = u.id) AS verified FROM users u WHERE u.id = $1', [userId]);
  const row = rows[0];
  if (!row) throw new HttpError(401, 'UNAUTHORIZED', 'This account does not exist any more.');
  const verified = (address: string): boolean => row.verified.includes(address.toLowerCase());
  return {
    ...view(row),
    ...(row.account_email ? { emailVerified: verified(row.account_email) } : {}),
    ...(row.email ? { notificationEmailVerified: verified(row.email) } : {}),
  };
}

/** The member who signs in with `address`, if any, and its password hash. */
export async function memberByAddress(database: Pick<pg.Pool, 'query'>, address: string): Promise<{ userId: string; accountEmail: string; passwordHash: string } | undefined> {
  const { rows } = await database.query<UserRow>(`SELECT * FROM users WHERE lower(account_email) = lower($1) AND kind = 'member'`, [address]);
  const row = rows[0];
  return row?.account_email && row.password_hash ? { userId: row.id, accountEmail: row.account_email, passwordHash: row.password_hash } : undefined;
}

/**
 * `password` when it meets sign-up's rules (`PASSWORD_LENGTH`), else 400 naming `field` (never echoing the password).
 *
 * @example readNewPassword(body.password, 'password') // → 'correct horse battery'
 */
export function readNewPassword(password: unknown, field: string): string {
  const parsed = credentialsSchema.shape.password.safeParse(password);
  if (parsed.success) return parsed.data;
  const received = typeof password === 'string' ? `${[...password].length} characters` : JSON.stringify(shown(password));
  throw invalid(field, `a password of ${PASSWORD_LENGTH.min} to ${PASSWORD_LENGTH.max} characters for ${field} but received ${received}`);
}

/**
 * Gives the account signed up with `email` the admin role (`--admin-email`); resolves with whether one exists yet.
 *
 * @example await promoteAdmin(database, 'ops@example.com') // → true
 */
export async function promoteAdmin(database: pg.Pool, email: string): Promise<boolean> {
  const { rowCount } = await database.query(`UPDATE users SET role = 'admin' WHERE lower(account_email) = lower($1)`, [email]);
  return Boolean(rowCount);
}

let dummyHash: Promise<string> | undefined;

/** A hash of a random password with today's parameters, made once: what an unknown address is checked against. */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummyHash;
}

function readCredentials(body: unknown): Credentials {
  const parsed = credentialsSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const { email, password } = (body ?? {}) as { email?: unknown; password?: unknown };
  if (!parsed.error.issues.some((issue) => issue.path[0] === 'password')) throw invalid('email', `an e-mail address for email but received ${JSON.stringify(shown(email))}`);
  readNewPassword(password, 'password');
  throw invalid('password', 'a password for password');
}

/** Sign-in checks only the shape (the length limits of today may be stricter than an old password's). */
function readSignIn(body: unknown): { email: string; password: string } {
  const { email, password } = (body ?? {}) as { email?: unknown; password?: unknown };
  if (typeof email !== 'string' || email.length > 254) throw invalid('email', `an e-mail address for email but received ${JSON.stringify(shown(email))}`);
  if (typeof password !== 'string' || password.length > PASSWORD_LENGTH.max) throw invalid('password', `a password of at most ${PASSWORD_LENGTH.max} characters for password`);
  return { email, password };
}

function invalid(field: string, expected: string): HttpError {
  return new HttpError(400, 'INVALID_OPTION', `Expected ${expected}.`, field);
}

function shown(value: unknown): unknown {
  return typeof value === 'string' && value.length > 80 ? `${value.slice(0, 80)}…` : (value ?? null);
}

function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function view(row: UserRow): AccountView {
  return { userId: row.id, kind: row.kind, role: row.role, ...(row.account_email ? { accountEmail: row.account_email } : {}), ...(row.email ? { email: row.email } : {}) };
}
