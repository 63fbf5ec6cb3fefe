import { randomUUID } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { UserErased, UserProfileUpdated, UserRegistered, type EventData } from '@joo/contracts';
import { withTransaction, type Pool } from '@joo/db';
import type { App } from '@joo/service-kit';
import { testDatabase, testIssuer, testLogLevel, type TestIssuer, type Teardown } from '@joo/testing';
import { buildApp } from '../src/app.js';
import { identityRoutes } from '../src/events/identity.js';
import { contestsMigrations } from '../src/migrations.js';

export interface Built {
  app: App;
  pool: Pool;
  issuer: TestIssuer;
  clock: { now: Date; set(date: Date): void };
  adminId: string;
  admin: Record<string, string>;
  outboxWrites: () => number;
}

/** A migrated test database, a token issuer and the app; all closed and dropped after the test. */
export async function build(t: Teardown, options: { now?: Date } = {}): Promise<Built> {
  const db = await testDatabase(t, { migrations: await contestsMigrations(), label: 'contests', poolSize: 3 });
  const issuer = await testIssuer(t);
  const clock = { now: options.now ?? new Date(), set(date: Date) { this.now = date; } };
  let writes = 0;
  const { app } = await buildApp({
    pool: db.pool,
    auth: { keys: { jwksUrl: issuer.jwksUrl } },
    logLevel: testLogLevel(),
    clock: options.now ? () => clock.now : () => new Date(),
    onOutboxWrite: () => { writes += 1; },
  });
  t.teardown(() => app.close());
  const adminId = randomUUID();
  const admin = bearer(issuer.sign({ sub: adminId, sid: randomUUID(), roles: ['admin'] }));
  return { app, pool: db.pool, issuer, clock, adminId, admin, outboxWrites: () => writes };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export interface ProfileInput {
  region?: string;
  locale?: 'kk' | 'ru';
  filled?: string[];
  profileSubjects?: string[];
  untScores?: Record<string, number> | null;
  fullName?: string;
  email?: string;
  phone?: string;
}

/** A student: their token, and identity's events about them applied through the real handler. */
export async function student(b: Built, profile: ProfileInput | null = {}): Promise<{ userId: string; headers: Record<string, string> }> {
  const userId = randomUUID();
  if (profile) await applyProfile(b.pool, userId, profile);
  return { userId, headers: bearer(b.issuer.sign({ sub: userId, sid: randomUUID(), roles: ['student'] })) };
}

let tick = 0;
/** Event times move forward, as identity's would. */
const eventTime = () => new Date(Date.now() + (tick += 1)).toISOString();

export function registeredEvent(userId: string, p: ProfileInput) {
  const data: EventData<typeof UserRegistered> = {
    userId, fullName: p.fullName ?? 'Айгерим Садыкова', email: p.email ?? `${userId}@example.kz`, phone: p.phone ?? '+77010000000',
    region: p.region ?? 'almaty', locale: p.locale ?? 'kk', roles: ['student'],
    consents: { marketingEmail: false, marketingSms: false, marketingCalls: false, crossBorderTransfer: false },
    offerVersion: 1, registeredAt: new Date().toISOString(),
  };
  return { id: uuidv7(), type: UserRegistered.type, source: 'identity', time: eventTime(), subject: userId, data };
}

export function profileEvent(userId: string, p: ProfileInput) {
  const data: EventData<typeof UserProfileUpdated> = {
    userId, fullName: p.fullName ?? 'Айгерим Садыкова', email: p.email ?? `${userId}@example.kz`, phone: p.phone ?? '+77010000000',
    region: p.region ?? 'almaty', locale: p.locale ?? 'kk', filled: p.filled ?? [],
    ...(p.profileSubjects ? { profileSubjects: p.profileSubjects } : {}),
    untScores: p.untScores ?? null, updatedAt: new Date().toISOString(),
  };
  return { id: uuidv7(), type: UserProfileUpdated.type, source: 'identity', time: eventTime(), subject: userId, data };
}

export function erasedEvent(userId: string) {
  const data: EventData<typeof UserErased> = { userId, noticeEmail: 'gone@example.kz', locale: 'kk', erasedAt: new Date().toISOString() };
  return { id: uuidv7(), type: UserErased.type, source: 'identity', time: eventTime(), subject: userId, data };
}

export async function applyProfile(pool: Pool, userId: string, p: ProfileInput): Promise<void> {
  await withTransaction(pool, (tx) => identityRoutes.handle(registeredEvent(userId, p), tx));
  await withTransaction(pool, (tx) => identityRoutes.handle(profileEvent(userId, p), tx));
}

export async function erase(pool: Pool, userId: string): Promise<void> {
  await withTransaction(pool, (tx) => identityRoutes.handle(erasedEvent(userId), tx));
}

const HOUR = 3_600_000;

export function contestBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: { kk: 'Жазғы конкурс', ru: 'Летний конкурс' },
    description: { kk: 'Сипаттама', ru: 'Описание' },
    conditions: { kk: 'Шарттар', ru: 'Условия' },
    sponsor: { name: 'Kaspi' },
    prizes: [{ name: 'Ноутбук', quantity: 1 }, { name: 'Наушники', quantity: 2, taxable: false }],
    startsAt: new Date(Date.now() - HOUR).toISOString(),
    endsAt: new Date(Date.now() + 24 * HOUR).toISOString(),
    eligibility: { requiredProfileFields: [] },
    ...overrides,
  };
}

/** Creates a contest as the admin and returns its id. */
export async function createContest(b: Built, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await b.app.inject({ method: 'POST', url: '/v1/contests/admin/contests', headers: b.admin, payload: contestBody(overrides) });
  if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

export async function adminAction(b: Built, id: string, action: 'launch' | 'stop' | 'draw') {
  return b.app.inject({ method: 'POST', url: `/v1/contests/admin/contests/${id}/${action}`, headers: b.admin });
}

export async function launchedContest(b: Built, overrides: Record<string, unknown> = {}): Promise<string> {
  const id = await createContest(b, overrides);
  const res = await adminAction(b, id, 'launch');
  if (res.statusCode !== 200) throw new Error(`launch failed: ${res.statusCode} ${res.body}`);
  return id;
}

/** The data of the outbox events of a type, oldest first. */
export async function outbox(pool: Pool, type: string): Promise<Array<{ subject: string; data: Record<string, unknown> }>> {
  const { rows } = await pool.query<{ subject: string; envelope: { data: Record<string, unknown> } }>(
    'SELECT subject, envelope FROM outbox WHERE type = $1 ORDER BY created_at, id', [type]);
  return rows.map((r) => ({ subject: r.subject, data: r.envelope.data }));
}
