import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Pool } from '@joo/db';
import type { App } from '@joo/service-kit';
import { testDatabase, testLogLevel, type Teardown } from '@joo/testing';
import { buildApp } from '../src/app.js';
import { loadCommonPasswords } from '../src/domain/common-passwords.js';
import { identityMigrations } from '../src/migrations.js';
import { seed } from '../src/seed.js';
import { loadSigningKey, type SigningKey } from '../src/tokens/keys.js';

export const ADMIN = { email: 'admin@joo.test', password: 'very-long admin pass 42' };
export const STUDENT_PASSWORD = 'Sunflower-Astana-2007';

let common: Promise<ReadonlySet<string>> | undefined;

export interface Built {
  app: App;
  pool: Pool;
  signingKey: SigningKey;
  /** the test clock: move it with `clock.set(date)` */
  clock: { now: Date; set(date: Date): void };
  outboxWrites: () => number;
}

/** A migrated, seeded test database, fresh keys and the app; all closed and dropped after the test. */
export async function build(t: Teardown, options: { now?: Date } = {}): Promise<Built> {
  const db = await testDatabase(t, { migrations: await identityMigrations(), label: 'identity' });
  const { privateKey } = generateKeyPairSync('ed25519');
  const signingKey = loadSigningKey(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  const clock = { now: options.now ?? new Date(), set(date: Date) { this.now = date; } };
  let writes = 0;
  common ??= loadCommonPasswords();
  const { app } = await buildApp({
    pool: db.pool,
    signingKey,
    pii: { encryptionKey: randomBytes(32).toString('base64'), hmacKey: randomBytes(32).toString('base64') },
    logLevel: testLogLevel(),
    trustProxy: 'loopback',
    clock: options.now ? () => clock.now : () => new Date(),
    onOutboxWrite: () => { writes += 1; },
    commonPasswords: await common,
  });
  t.teardown(() => app.close());
  await seed(db.pool, ADMIN);
  return { app, pool: db.pool, signingKey, clock, outboxWrites: () => writes };
}

let serial = 0;

/** A valid registration body with a fresh e-mail and phone. */
export function registration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  serial += 1;
  const n = `${process.pid % 1000}${String(serial).padStart(4, '0')}`.padStart(7, '0').slice(-7);
  return {
    fullName: 'Айгерим Садыкова',
    region: 'almaty',
    email: `student${n}@example.kz`,
    phone: `+7701${n}`,
    password: STUDENT_PASSWORD,
    locale: 'kk',
    acceptOffer: true,
    offerVersion: 1,
    ...overrides,
  };
}

export async function registerStudent(app: App, overrides: Record<string, unknown> = {}): Promise<{ userId: string; email: string; phone: string }> {
  const body = registration(overrides);
  const res = await app.inject({ method: 'POST', url: '/v1/identity/register', payload: body });
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  return { userId: res.json().userId, email: body.email as string, phone: body.phone as string };
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  sessionId: string;
}

export async function login(
  app: App, loginName: string, options: { password?: string; device?: string; evictOldest?: boolean; ip?: string } = {},
): Promise<Tokens> {
  const res = await app.inject({
    method: 'POST', url: '/v1/identity/login',
    headers: options.ip ? { 'x-forwarded-for': options.ip } : {},
    payload: {
      login: loginName, password: options.password ?? STUDENT_PASSWORD,
      device: { id: options.device ?? 'laptop', name: `Device ${options.device ?? 'laptop'}` },
      ...(options.evictOldest !== undefined ? { evictOldest: options.evictOldest } : {}),
    },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A student registered and signed in on one device. */
export async function student(app: App, overrides: Record<string, unknown> = {}): Promise<{ userId: string; email: string; phone: string; tokens: Tokens }> {
  const s = await registerStudent(app, overrides);
  return { ...s, tokens: await login(app, s.email) };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The data of the outbox events of a type, oldest first. */
export async function outbox(pool: Pool, type: string, subject?: string): Promise<Array<Record<string, unknown>>> {
  const { rows } = await pool.query<{ envelope: { data: Record<string, unknown> } }>(
    `SELECT envelope FROM outbox WHERE type = $1 AND ($2::text IS NULL OR subject = $2) ORDER BY created_at, id`,
    [type, subject ?? null]);
  return rows.map((r) => r.envelope.data);
}
