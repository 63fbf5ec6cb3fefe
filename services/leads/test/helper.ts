import { randomBytes } from 'node:crypto';
import type { Envelope } from '@joo/contracts';
import { UserRegistered, type EventData } from '@joo/contracts';
import { withTransaction, type Pool } from '@joo/db';
import type { App } from '@joo/service-kit';
import { testDatabase, testIssuer, testLogger, testLogLevel, type Teardown, type TestIssuer } from '@joo/testing';
import { uuidv7 } from 'uuidv7';
import { buildApp } from '../src/app.js';
import type { LeadsContext } from '../src/context.js';
import { deliverDue } from '../src/delivery/worker.js';
import { identityRoutes } from '../src/events/identity.js';
import { leadsMigrations } from '../src/migrations.js';
import { demoUniversities, seed } from '../src/seed.js';

export interface Built {
  app: App;
  ctx: LeadsContext;
  pool: Pool;
  issuer: TestIssuer;
  clock: { now: Date; set(date: Date): void; advance(ms: number): void };
  admin: Record<string, string>;
  /** one delivery pass at the test clock's now (nominal retry delays) */
  deliver(): Promise<number>;
  universities: ReturnType<typeof demoUniversities>;
}

/** A migrated, seeded test database, a token issuer, and the app on a controllable clock. */
export async function build(t: Teardown, options: { now?: Date; allowPrivate?: boolean; dns?: Record<string, string[]>; timeoutMs?: number; overlapMs?: number } = {}): Promise<Built> {
  const db = await testDatabase(t, { migrations: await leadsMigrations(), label: 'leads', poolSize: 3 });
  const issuer = await testIssuer(t);
  const clock = {
    now: options.now ?? new Date(),
    set(date: Date) { this.now = date; },
    advance(ms: number) { this.now = new Date(this.now.getTime() + ms); },
  };
  const key = randomBytes(32).toString('base64');
  const { app, ctx } = await buildApp({
    pool: db.pool, auth: { keys: { jwksUrl: issuer.jwksUrl } }, partnerSecretsKey: key, logLevel: testLogLevel(),
    allowPrivateWebhooks: options.allowPrivate ?? true, overlapMs: options.overlapMs ?? 24 * 3_600_000, clock: () => clock.now,
    resolveHost: async (host) => {
      const table = options.dns ?? {};
      if (table[host]) return table[host]!;
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    },
  });
  t.teardown(() => app.close());
  await seed(db.pool, { partnerSecretsKey: key, now: clock.now });
  const admin = bearer(issuer.sign({ sub: uuidv7(), sid: uuidv7(), roles: ['admin'] }));
  return {
    app, ctx, pool: db.pool, issuer, clock, admin, universities: demoUniversities(),
    deliver: () => deliverDue({ ctx, timeoutMs: options.timeoutMs ?? 2_000, concurrency: 4, log: testLogger(), random: () => 0.5 }),
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

let serial = 0;

/** Feeds identity's events to the consumer's handler, each in its own inbox-less transaction. */
export async function feed(pool: Pool, type: string, data: Record<string, unknown>, time = new Date()): Promise<void> {
  const event: Envelope = { id: uuidv7(), type, source: 'identity', time: time.toISOString(), subject: String(data.userId), data };
  await withTransaction(pool, (tx) => identityRoutes.handle(event, tx));
}

export interface Student { userId: string; token: string; auth: Record<string, string>; email: string; phone: string }

/** A student as identity announced them (user.registered), with a token for leads. */
export async function student(built: Pick<Built, 'pool' | 'issuer' | 'clock'>, overrides: Partial<EventData<typeof UserRegistered>> = {}): Promise<Student> {
  serial += 1;
  const userId = uuidv7();
  const n = String(1_000_000 + serial).slice(-7);
  const data: EventData<typeof UserRegistered> = {
    userId, fullName: 'Айгерим Садыкова', email: `student${n}@example.kz`, phone: `+7701${n}`, region: 'almaty', locale: 'kk',
    roles: ['student'], consents: { marketingEmail: true, marketingSms: true, marketingCalls: true, crossBorderTransfer: false },
    offerVersion: 1, registeredAt: built.clock.now.toISOString(), ...overrides,
  };
  await feed(built.pool, UserRegistered.type, data, built.clock.now);
  const token = built.issuer.sign({ sub: userId, sid: uuidv7(), roles: ['student'] });
  return { userId, token, auth: bearer(token), email: data.email, phone: data.phone };
}

/** Presses "Get consultation". */
export function press(app: App, s: Student, body: Record<string, unknown>, key: string = uuidv7()) {
  return app.inject({ method: 'POST', url: '/v1/leads', headers: { ...s.auth, 'idempotency-key': key }, payload: body });
}

/** A partner account through the admin API. */
export async function partner(built: Pick<Built, 'app' | 'admin'>, universityId: string, webhookUrl?: string): Promise<{ partnerId: string; apiKey: string; webhookSecret: string; auth: Record<string, string> }> {
  const res = await built.app.inject({
    method: 'POST', url: '/v1/leads/admin/partners', headers: built.admin, payload: { universityId, ...(webhookUrl ? { webhookUrl } : {}) },
  });
  if (res.statusCode !== 201) throw new Error(`partner: ${res.statusCode} ${res.body}`);
  const body = res.json();
  return { ...body, auth: bearer(body.apiKey) };
}

/** The data of the outbox events of a type, oldest first. */
export async function outbox(pool: Pool, type: string): Promise<Array<Record<string, unknown>>> {
  const { rows } = await pool.query<{ envelope: { data: Record<string, unknown> } }>(
    'SELECT envelope FROM outbox WHERE type = $1 ORDER BY created_at, id', [type]);
  return rows.map((r) => r.envelope.data);
}
