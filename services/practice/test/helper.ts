import { randomUUID } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { AttemptFinished, AttemptRescored, EntitlementGranted, EntitlementRevoked, UserErased, type EventData } from '@joo/contracts';
import { withTransaction, type Pool } from '@joo/db';
import type { App } from '@joo/service-kit';
import { testDatabase, testIssuer, testLogLevel, type Teardown, type TestIssuer } from '@joo/testing';
import { buildApp } from '../src/app.js';
import type { PracticeContext } from '../src/context.js';
import { catalogRoutes } from '../src/events/catalog.js';
import { practiceMigrations } from '../src/migrations.js';
import type { WeeklySchedule } from '../src/domain/weekly-windows.js';
import { contextSubjects, mockBankRows } from './fixtures/mock-bank.js';

export interface Built {
  app: App;
  ctx: PracticeContext;
  pool: Pool;
  issuer: TestIssuer;
  clock: { now: Date };
  /** `authorization` header of a signed-in user */
  as(userId: string, roles?: string[]): { authorization: string };
  admin: { authorization: string };
}

/** A migrated test database, a token issuer and the app; all closed and dropped after the test. */
export async function build(t: Teardown, options: { now?: Date; weekly?: WeeklySchedule | null } = {}): Promise<Built> {
  const db = await testDatabase(t, { migrations: await practiceMigrations(), label: 'joo_practice', poolSize: 3 });
  const issuer = await testIssuer(t);
  const clock = { now: options.now ?? new Date() };
  const { app, ctx } = await buildApp({
    pool: db.pool, auth: { keys: { jwksUrl: issuer.jwksUrl } }, logLevel: testLogLevel(),
    clock: options.now ? () => clock.now : () => new Date(),
    ...(options.weekly !== undefined ? { weekly: options.weekly } : {}),
  });
  t.teardown(() => app.close());
  const as = (userId: string, roles = ['student']) => ({ authorization: `Bearer ${issuer.sign({ sub: userId, sid: randomUUID(), roles })}` });
  return { app, ctx, pool: db.pool, issuer, clock, as, admin: as(randomUUID(), ['admin']) };
}

export function grantedEvent(userId: string, overrides: Partial<EventData<typeof EntitlementGranted>> = {}) {
  const now = new Date();
  const data: EventData<typeof EntitlementGranted> = {
    entitlementId: uuidv7(), userId, productId: uuidv7(), productVersion: 1, orderId: uuidv7(),
    profileSubject: 'math-physics', profileSubjects: ['math', 'physics'],
    validFrom: new Date(now.getTime() - 60_000).toISOString(), validUntil: new Date(now.getTime() + 86_400_000).toISOString(),
    grantedAt: now.toISOString(), ...overrides,
  };
  return { id: uuidv7(), type: EntitlementGranted.type, source: 'catalog', time: now.toISOString(), subject: userId, data };
}

export function revokedEvent(userId: string, entitlementId: string) {
  const data: EventData<typeof EntitlementRevoked> = {
    entitlementId, userId, productId: uuidv7(), orderId: null, reason: 'refund', revokedAt: new Date().toISOString(),
  };
  return { id: uuidv7(), type: EntitlementRevoked.type, source: 'catalog', time: data.revokedAt, subject: userId, data };
}

/** Applies a catalog event through the real handler, as the consumer would. */
export async function apply(pool: Pool, event: ReturnType<typeof grantedEvent> | ReturnType<typeof revokedEvent>): Promise<void> {
  await withTransaction(pool, (tx) => catalogRoutes.handle(event, tx));
}

export function singleQuestion(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    subject: 'math', topic: 'linear-equations', language: 'ru', kind: 'single',
    stem: 'Решите уравнение 2x + 3 = 11', options: [{ id: 'a', text: '3' }, { id: 'b', text: '4' }, { id: 'c', text: '7' }],
    answer: 'b', explanation: '2x = 8, x = 4', ...overrides,
  };
}

export function multipleQuestion(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    subject: 'math', topic: 'primes', language: 'ru', kind: 'multiple', stem: 'Какие числа простые?',
    options: [{ id: 'a', text: '2' }, { id: 'b', text: '4' }, { id: 'c', text: '5' }, { id: 'd', text: '9' }],
    answer: ['a', 'c'], explanation: '2 и 5 делятся только на 1 и на себя', ...overrides,
  };
}

export function matchingQuestion(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    subject: 'physics', topic: 'units', language: 'kk', kind: 'matching', stem: 'Шама мен өлшем бірлігін сәйкестендіріңіз',
    options: [
      { id: 'l1', text: 'Күш', side: 'left' }, { id: 'l2', text: 'Қуат', side: 'left' },
      { id: 'r1', text: 'Ньютон', side: 'right' }, { id: 'r2', text: 'Ватт', side: 'right' }, { id: 'r3', text: 'Джоуль', side: 'right' },
    ],
    answer: { l1: 'r1', l2: 'r2' }, explanation: 'Күш — ньютон, қуат — ватт', ...overrides,
  };
}

/** Stores a bank of exactly one full mock (120 tasks) of `pair` in `language`, through the admin API. */
export async function seedMockBank(b: Pick<Built, 'app' | 'admin'>, language: 'kk' | 'ru', pair: readonly [string, string] = ['math', 'physics']): Promise<void> {
  const contexts: Record<string, string> = {};
  for (const subject of contextSubjects(pair)) {
    const res = await b.app.inject({ method: 'POST', url: '/v1/practice/admin/contexts', headers: b.admin, payload: { subject, language, title: `${subject} text`, text: `A text to read for ${subject}.` } });
    if (res.statusCode !== 201) throw new Error(`context failed: ${res.body}`);
    contexts[subject] = res.json().id;
  }
  const res = await b.app.inject({ method: 'POST', url: '/v1/practice/admin/questions/import', headers: b.admin, payload: mockBankRows(language, pair, contexts) });
  if (res.statusCode !== 201) throw new Error(`import failed: ${res.body}`);
}

/** Events practice wrote to its outbox, oldest first. */
export async function outboxEvents(pool: Pool, type: string): Promise<Array<{ subject: string; data: Record<string, any> }>> {
  const { rows } = await pool.query<{ envelope: { subject: string; data: Record<string, any> } }>('SELECT envelope FROM outbox WHERE type = $1 ORDER BY id', [type]);
  return rows.map((r) => ({ subject: r.envelope.subject, data: r.envelope.data }));
}

/** A scored mock as practice.attempt.finished.v1 announces it (the mock engineer's publisher). */
export function finishedEvent(userId: string, overrides: Partial<EventData<typeof AttemptFinished>> = {}) {
  const finishedAt = overrides.finishedAt ?? new Date().toISOString();
  const data: EventData<typeof AttemptFinished> = {
    attemptId: uuidv7(), userId, kind: 'mock', windowId: uuidv7(), language: 'ru', profileSubjects: ['math', 'physics'],
    total: 80, max: 140,
    subjects: [{ subject: 'math', score: 30, max: 50, minimum: 5, passed: true }, { subject: 'physics', score: 20, max: 50, minimum: 5, passed: true }],
    topics: [{ subject: 'math', topic: 'primes', correct: 2, of: 6 }, { subject: 'physics', topic: 'units', correct: 5, of: 5 }],
    startedAt: new Date(Date.parse(finishedAt) - 3_600_000).toISOString(), finishedAt, scoredAt: finishedAt, finishedBy: 'student', ...overrides,
  };
  return { id: uuidv7(), type: AttemptFinished.type, source: 'practice', time: data.scoredAt, subject: data.attemptId, data };
}

/** The same attempt scored again after an accepted appeal. */
export function rescoredEvent(finished: ReturnType<typeof finishedEvent>, total: number, scoredAt = new Date().toISOString()) {
  const { finishedBy: _finishedBy, ...scored } = finished.data;
  const data: EventData<typeof AttemptRescored> = { ...scored, total, scoredAt, previousTotal: finished.data.total, appealId: uuidv7() };
  return { id: uuidv7(), type: AttemptRescored.type, source: 'practice', time: scoredAt, subject: data.attemptId, data };
}

export function erasedEvent(userId: string) {
  const data: EventData<typeof UserErased> = { userId, noticeEmail: 'erased@example.kz', locale: 'ru', erasedAt: new Date().toISOString() };
  return { id: uuidv7(), type: UserErased.type, source: 'identity', time: data.erasedAt, subject: userId, data };
}
