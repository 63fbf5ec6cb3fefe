import type { Queryable } from '@joo/db';

/** 'offer-refused': the user refused the offer; signing in and accepting it makes the account active again. */
export type UserStatus = 'active' | 'suspended' | 'closed' | 'erased' | 'offer-refused';
export type Locale = 'kk' | 'ru';

export interface User {
  id: string;
  status: UserStatus;
  roles: string[];
  fullName: string | null;
  email: string | null;
  phone: string | null;
  region: string | null;
  locale: Locale;
  passwordHash: string | null;
  profile: Record<string, unknown>;
  iinCiphertext: Buffer | null;
  suspendedReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface UserRow {
  id: string;
  status: UserStatus;
  roles: string[];
  full_name: string | null;
  email: string | null;
  phone: string | null;
  region: string | null;
  locale: Locale;
  password_hash: string | null;
  profile: Record<string, unknown>;
  iin_ciphertext: Buffer | null;
  suspended_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, status, roles, full_name, email, phone, region, locale, password_hash, profile,
  iin_ciphertext, suspended_reason, created_at, updated_at`;

function toUser(r: UserRow): User {
  return {
    id: r.id, status: r.status, roles: r.roles, fullName: r.full_name, email: r.email, phone: r.phone,
    region: r.region, locale: r.locale, passwordHash: r.password_hash, profile: r.profile ?? {},
    iinCiphertext: r.iin_ciphertext, suspendedReason: r.suspended_reason, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

/** The uniqueness and login key of an e-mail address. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

export interface NewUser {
  id: string;
  fullName: string;
  email: string;
  /** null only for staff accounts made by the seed */
  phone: string | null;
  region: string | null;
  locale: Locale;
  passwordHash: string;
  roles: string[];
  now: Date;
}

/** Throws the unique violation (23505) when the e-mail or phone is taken. */
export async function insertUser(db: Queryable, u: NewUser): Promise<void> {
  await db.query(
    `INSERT INTO users (id, roles, full_name, email, email_key, phone, region, locale, password_hash, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
    [u.id, u.roles, u.fullName, u.email.trim(), emailKey(u.email), u.phone, u.region, u.locale, u.passwordHash, u.now],
  );
}

export async function findUserById(db: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<User | undefined> {
  // Not a named statement: behind a transaction pooler the next query may run on a server session
  // that never prepared it (docs/decisions/0009-pgbouncer-transaction-pooling.md).
  const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ? toUser(rows[0]) : undefined;
}

/** By e-mail (any case) or E.164 phone. */
export async function findUserByLogin(db: Queryable, login: { email: string } | { phone: string }): Promise<User | undefined> {
  const { rows } = 'email' in login
    ? await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE email_key = $1`, [emailKey(login.email)])
    : await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE phone = $1`, [login.phone]);
  return rows[0] ? toUser(rows[0]) : undefined;
}

/** Which of the e-mail and phone are already held by another account. */
export async function takenContacts(
  db: Queryable, contacts: { email?: string; phone?: string }, exceptUserId?: string,
): Promise<{ email: boolean; phone: boolean }> {
  const { rows } = await db.query<{ email_taken: boolean; phone_taken: boolean }>(
    `SELECT coalesce(bool_or(email_key = $1), false) AS email_taken, coalesce(bool_or(phone = $2), false) AS phone_taken
       FROM users WHERE (email_key = $1 OR phone = $2) AND id IS DISTINCT FROM $3::uuid`,
    [contacts.email === undefined ? null : emailKey(contacts.email), contacts.phone ?? null, exceptUserId ?? null],
  );
  return { email: rows[0]?.email_taken ?? false, phone: rows[0]?.phone_taken ?? false };
}

export interface UserChanges {
  fullName?: string;
  email?: string;
  phone?: string;
  region?: string;
  locale?: Locale;
  profile?: Record<string, unknown>;
  /** null removes the IIN */
  iin?: { ciphertext: Buffer; index: Buffer } | null;
}

/** Applies the given changes; throws 23505 when the new e-mail, phone or IIN is taken. */
export async function updateUser(db: Queryable, id: string, changes: UserChanges, now: Date): Promise<void> {
  const sets: string[] = [];
  const values: unknown[] = [id];
  const set = (column: string, value: unknown) => {
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  };
  if (changes.fullName !== undefined) set('full_name', changes.fullName);
  if (changes.email !== undefined) {
    set('email', changes.email.trim());
    set('email_key', emailKey(changes.email));
  }
  if (changes.phone !== undefined) set('phone', changes.phone);
  if (changes.region !== undefined) set('region', changes.region);
  if (changes.locale !== undefined) set('locale', changes.locale);
  if (changes.profile !== undefined) set('profile', JSON.stringify(changes.profile));
  if (changes.iin !== undefined) {
    set('iin_ciphertext', changes.iin?.ciphertext ?? null);
    set('iin_index', changes.iin?.index ?? null);
  }
  set('updated_at', now);
  await db.query(`UPDATE users SET ${sets.join(', ')} WHERE id = $1`, values);
}

export async function setRoles(db: Queryable, id: string, roles: string[], now: Date): Promise<void> {
  await db.query('UPDATE users SET roles = $2, updated_at = $3 WHERE id = $1', [id, roles, now]);
}

export async function suspendUser(db: Queryable, id: string, reason: string, now: Date): Promise<void> {
  await db.query(
    `UPDATE users SET status = 'suspended', suspended_reason = $2, suspended_at = $3, updated_at = $3 WHERE id = $1`,
    [id, reason, now]);
}

export async function reinstateUser(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query(
    `UPDATE users SET status = 'active', suspended_reason = NULL, suspended_at = NULL, updated_at = $2 WHERE id = $1`,
    [id, now]);
}

export async function markOfferRefused(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query(`UPDATE users SET status = 'offer-refused', updated_at = $2 WHERE id = $1`, [id, now]);
}

/** The user accepted the offer again after refusing it. */
export async function reactivateAfterRefusal(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query(`UPDATE users SET status = 'active', updated_at = $2 WHERE id = $1 AND status = 'offer-refused'`, [id, now]);
}

export async function setPasswordHash(db: Queryable, id: string, passwordHash: string, now: Date): Promise<void> {
  await db.query('UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1', [id, passwordHash, now]);
}

/** Wipes every personal field; the id, roles, locale and timestamps stay. */
export async function eraseUser(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query(
    `UPDATE users SET status = 'erased', full_name = NULL, email = NULL, email_key = NULL, phone = NULL,
       region = NULL, password_hash = NULL, profile = '{}'::jsonb, iin_ciphertext = NULL, iin_index = NULL,
       suspended_reason = NULL, erased_at = $2, updated_at = $2
     WHERE id = $1`,
    [id, now]);
  await db.query('UPDATE offer_decisions SET ip = NULL, user_agent = NULL WHERE user_id = $1', [id]);
  await db.query('UPDATE policy_acceptances SET ip = NULL, user_agent = NULL WHERE user_id = $1', [id]);
}

export interface UserListItem {
  id: string;
  fullName: string | null;
  email: string | null;
  phone: string | null;
  region: string | null;
  status: UserStatus;
  roles: string[];
  createdAt: Date;
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Newest first; `after` is the (createdAt, id) of the last row of the previous page. */
export async function searchUsers(
  db: Queryable, options: { q?: string; limit: number; after?: { createdAt: Date; id: string } },
): Promise<UserListItem[]> {
  const values: unknown[] = [options.limit];
  const where: string[] = [];
  const q = options.q?.trim();
  if (q) {
    values.push(likePattern(q));
    const text = `$${values.length}`;
    const digits = q.replace(/\D/g, '');
    let phoneMatch = '';
    if (digits.length >= 3) {
      // "8 705 …" is the national spelling of "+7 705 …"
      const national = digits.startsWith('8') ? `7${digits.slice(1)}` : digits;
      values.push(likePattern(digits), likePattern(national));
      phoneMatch = ` OR phone LIKE $${values.length - 1} OR phone LIKE $${values.length}`;
    }
    where.push(`(full_name ILIKE ${text} OR email_key ILIKE ${text}${phoneMatch})`);
  }
  if (options.after) {
    values.push(options.after.createdAt, options.after.id);
    where.push(`(created_at, id) < ($${values.length - 1}, $${values.length}::uuid)`);
  }
  const { rows } = await db.query<UserRow>(
    `SELECT ${COLUMNS} FROM users ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY created_at DESC, id DESC LIMIT $1`,
    values);
  return rows.map((r) => ({
    id: r.id, fullName: r.full_name, email: r.email, phone: r.phone, region: r.region,
    status: r.status, roles: r.roles, createdAt: r.created_at,
  }));
}
