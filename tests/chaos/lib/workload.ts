/**
 * The mixed workload, through the gateway as the site drives it: students register, sign in, ask a
 * university for a consultation (a lead), buy the Standard package and pay in the sandbox, and
 * every third asks for a refund that the admin approves (paid to the card: bank transfers wait for a
 * statement, ADR 0022). Each step is repeated, with the same
 * Idempotency-Key, until it succeeds, as a client retries through outages; what the platform
 * confirmed is recorded for the checker.
 */
import { randomUUID } from 'node:crypto';
import { createJooClient, type JooClient } from '@joo/client';
import type { Answers } from './stats.js';

export interface Confirmed {
  users: Array<{ userId: string; email: string }>;
  /** Orders whose sandbox confirmation answered 200. */
  paidOrders: Array<{ orderId: string; userId: string }>;
  /** Refund applications the admin's approval answered 200 (or 409 already approved: by an earlier try). */
  approvedRefunds: Array<{ applicationId: string; orderId: string; userId: string }>;
  leads: Array<{ leadId: string; userId: string }>;
  /** Journeys that could not finish within their deadline: the step they were stuck at. */
  stuck: string[];
}

const PASSWORD = 'chaos-monkey-2026!';
const STEP_DEADLINE_MS = 180_000;

class Stuck extends Error {}

/** The user id: the access token's `sub` (the client keeps no user object). */
function subjectOf(jwt: string): string {
  return (JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string }).sub;
}

interface Ctx { baseUrl: string; answers: Answers }

/** Tries `call` until it returns a value other than undefined; a throw (no answer) counts as status 0. */
async function until<T>(ctx: Ctx, step: string, call: () => Promise<{ status: number; value?: T; error?: unknown }>): Promise<T> {
  const deadline = Date.now() + STEP_DEADLINE_MS;
  let pause = 100;
  let status = 0;
  let detail = '';
  for (;;) {
    try {
      const r = await call();
      status = r.status;
      detail = r.error === undefined ? '' : JSON.stringify(r.error).slice(0, 300);
      ctx.answers.record(step, status);
      if (r.value !== undefined) return r.value;
    } catch (error) {
      status = 0;
      detail = (error as Error).message;
      ctx.answers.record(step, 0);
    }
    if (Date.now() > deadline) throw new Stuck(`${step} (last status ${status} ${detail})`);
    await new Promise((r) => setTimeout(r, pause));
    pause = Math.min(pause * 2, 2000);
  }
}

async function signIn(ctx: Ctx, login: string, password: string, device: string): Promise<JooClient> {
  return until(ctx, 'sign in', async () => {
    const joo = createJooClient({ baseUrl: ctx.baseUrl, retry: false });
    try {
      await joo.signIn({ login, password, device: { id: device, name: device } });
      return { status: 200, value: joo };
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (typeof status === 'number') return { status };
      throw error;
    }
  });
}

export interface Workload {
  confirmed: Confirmed;
  /** The signed-in students, for the checks after recovery. */
  students: JooClient[];
  /** Stops starting journeys and waits for the running ones to finish. */
  finish(): Promise<void>;
}

export async function startWorkload(options: {
  baseUrl: string; answers: Answers; admin: { email: string; password: string }; partnerUniversityId: string; programmeId: string; concurrency: number;
}): Promise<Workload> {
  const ctx: Ctx = { baseUrl: options.baseUrl, answers: options.answers };
  const confirmed: Confirmed = { users: [], paidOrders: [], approvedRefunds: [], leads: [], stuck: [] };
  const admin = await signIn(ctx, options.admin.email, options.admin.password, 'chaos-admin');
  const visitor = createJooClient({ baseUrl: options.baseUrl, retry: false });
  const run = Date.now().toString(36);
  const students: JooClient[] = [];
  let counter = 0;
  let stopping = false;

  const journey = async (n: number) => {
    const email = `chaos-${run}-${n}@example.kz`;
    const digits = String(n % 10_000_000).padStart(7, '0');
    const phone = `+7 701 ${digits.slice(0, 3)} ${digits.slice(3, 5)} ${digits.slice(5)}`;
    const offer = await until(ctx, 'offer', async () => {
      const r = await visitor.api.GET('/v1/identity/offers/current');
      return { status: r.response.status, error: r.error, value: r.data?.version };
    });
    const student = { fullName: 'Хаос Тестов', region: 'astana', email, phone, password: PASSWORD, locale: 'ru' as const, acceptOffer: true, offerVersion: offer,
      // The cross-border consent (offer 3.7): without it nothing reaches SendGrid or Twilio, and the
      // checker's "no e-mail or SMS doubled" would count nothing.
      consents: { crossBorder: true } };
    await until(ctx, 'register', async () => {
      const r = await visitor.api.POST('/v1/identity/register', { body: student });
      // 409: an earlier try got through before its answer was lost
      return { status: r.response.status, error: r.error, value: r.response.status === 201 || r.response.status === 409 ? true : undefined };
    });
    const joo = await signIn(ctx, email, PASSWORD, `phone-${n}`);
    const userId = subjectOf(joo.session.tokens!.accessToken);
    students.push(joo);
    confirmed.users.push({ userId, email });

    await until(ctx, 'choices', async () => {
      const r = await joo.api.PUT('/v1/leads/me/choices', { body: { universities: [options.partnerUniversityId], specialties: ['B057'] } });
      return { status: r.response.status, error: r.error, value: r.response.status === 200 ? true : undefined };
    });
    const leadKey = randomUUID();
    const leadId = await until(ctx, 'lead', async () => {
      const r = await joo.api.POST('/v1/leads', { headers: { 'idempotency-key': leadKey }, body: { universityId: options.partnerUniversityId, programmeId: options.programmeId, message: 'Грант бар ма?' } });
      return { status: r.response.status, error: r.error, value: r.response.status === 201 ? r.data!.leadId : undefined };
    });
    confirmed.leads.push({ leadId, userId });

    const productId = await until(ctx, 'products', async () => {
      const r = await joo.api.GET('/v1/catalog/products');
      return { status: r.response.status, error: r.error, value: r.data?.items.find((p) => p.code === 'standard')?.id };
    });
    const orderKey = randomUUID();
    const order = await until(ctx, 'order', async () => {
      const r = await joo.api.POST('/v1/billing/orders', { body: { productId, profileSubject: 'math-physics', acceptTerms: true }, headers: { 'idempotency-key': orderKey } });
      return { status: r.response.status, error: r.error, value: r.response.status === 201 ? r.data! : undefined };
    });
    await until(ctx, 'pay', async () => {
      const res = await fetch(`${order.paymentUrl}/confirm`, { method: 'POST', headers: { accept: 'application/json' }, signal: AbortSignal.timeout(30_000) });
      await res.arrayBuffer();
      return { status: res.status, value: res.status === 200 ? true : undefined };
    });
    confirmed.paidOrders.push({ orderId: order.orderId, userId });

    if (n % 3 !== 0) return;
    const refundKey = randomUUID();
    const application = {
      orderId: order.orderId, userFullName: student.fullName, payerFullName: student.fullName, amount: order.amount, accountIban: 'KZ86125KZT5004100100',
      paymentDate: new Date().toISOString().slice(0, 10), bankBic: 'HSBKKZKX', reason: 'Изменились планы на подготовку',
    };
    const applicationId = await until(ctx, 'refund apply', async () => {
      const r = await joo.api.POST('/v1/refunds/applications', { body: application, headers: { 'idempotency-key': refundKey } });
      return { status: r.response.status, error: r.error, value: r.response.status === 201 ? r.data!.id : undefined };
    });
    await until(ctx, 'refund approve', async () => {
      const r = await admin.api.POST('/v1/refunds/admin/applications/{id}/approve', { params: { path: { id: applicationId } }, body: { method: 'card', reason: 'chaos: the sandbox provider pays card refunds by itself' } });
      const s = r.response.status;
      // 409 already-decided: an earlier try approved it and its answer was lost; any other 409 is not an approval.
      const decided = s === 409 && ['approved', 'paid'].includes(String((r.error as { applicationStatus?: unknown } | undefined)?.applicationStatus));
      return { status: s, error: r.error, value: s === 200 || decided ? true : undefined };
    });
    confirmed.approvedRefunds.push({ applicationId, orderId: order.orderId, userId });
  };

  const worker = async () => {
    while (!stopping) {
      const n = ++counter;
      try {
        await journey(n);
      } catch (error) {
        if (error instanceof Stuck) confirmed.stuck.push(`journey ${n}: ${error.message}`);
        else confirmed.stuck.push(`journey ${n}: ${(error as Error).message}`);
      }
    }
  };
  const workers = Array.from({ length: options.concurrency }, worker);
  return {
    confirmed,
    students,
    finish: async () => {
      stopping = true;
      await Promise.all(workers);
    },
  };
}
