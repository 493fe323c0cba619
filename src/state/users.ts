/**
 * The console's local users. Passwords are kept as scrypt hashes with a random salt per user and
 * compared in constant time; the password itself is never stored or logged.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { StateError } from '../errors/index.ts';
import { isRole, type Role } from '../model/index.ts';
import { appendAudit } from './audit.ts';
import type { Db } from './database.ts';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

export type { Role } from '../model/index.ts';

export interface User {
  readonly username: string;
  readonly role: Role;
  readonly createdAt: string;
}

/** Stored for a user without a password: no password ever matches it (see checkPassword). */
const NO_PASSWORD = 'none';

async function hash(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32);
  return `scrypt$${salt.toString('hex')}$${key.toString('hex')}`;
}

/**
 * `password` null: a user who decides from the command line (or signs in through a single-sign-on
 * proxy) and never with a password.
 */
export async function addUser(
  db: Db,
  now: string,
  username: string,
  password: string | null,
  role: Role,
): Promise<void> {
  if (!/^[\w.@+-]{1,100}$/.test(username))
    throw new StateError(`user name ${JSON.stringify(username)}: use letters, digits and . _ @ + - only`);
  if (password !== null && password.length < 12)
    throw new StateError('a console password needs at least 12 characters');
  const existing = await db
    .selectFrom('users')
    .select('username')
    .where('username', '=', username)
    .executeTakeFirst();
  if (existing) throw new StateError(`user ${username} already exists: remove it first to change it`);
  await db
    .insertInto('users')
    .values({
      username,
      password_hash: password === null ? NO_PASSWORD : await hash(password),
      role,
      created_at: now,
    })
    .execute();
  await appendAudit(db, now, { actor: 'resrecon', action: 'USER_ADDED', detail: { username, role } });
}

export async function removeUser(db: Db, now: string, username: string): Promise<void> {
  const res = await db.deleteFrom('users').where('username', '=', username).executeTakeFirst();
  if (res.numDeletedRows === 0n) throw new StateError(`no user ${username}`);
  await appendAudit(db, now, { actor: 'resrecon', action: 'USER_REMOVED', detail: { username } });
}

export async function listUsers(db: Db): Promise<User[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('username').execute();
  return rows.map((r) => ({ username: r.username, role: r.role as Role, createdAt: r.created_at }));
}

/** The user when the password is right; null otherwise (no hint which part was wrong). */
export async function checkPassword(db: Db, username: string, password: string): Promise<User | null> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  // A hash is computed even for an unknown name (or a user without a password), so the answer
  // takes as long either way.
  const dummy = `scrypt$${'00'.repeat(16)}$${'00'.repeat(32)}`;
  const hasPassword = row !== undefined && row.password_hash !== NO_PASSWORD;
  const stored = hasPassword ? row.password_hash : dummy;
  const [, saltHex, keyHex] = stored.split('$') as [string, string, string];
  const key = await scrypt(password, Buffer.from(saltHex, 'hex'), 32);
  const ok = timingSafeEqual(key, Buffer.from(keyHex, 'hex'));
  return row && hasPassword && ok && isRole(row.role)
    ? { username: row.username, role: row.role, createdAt: row.created_at }
    : null;
}

export async function getUser(db: Db, username: string): Promise<User | null> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  return row && isRole(row.role)
    ? { username: row.username, role: row.role, createdAt: row.created_at }
    : null;
}
