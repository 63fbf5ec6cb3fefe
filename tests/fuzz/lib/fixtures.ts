/**
 * The people and resources the ownership matrix and the fuzz work with, all made through the gateway
 * as the site would make them: student A owns one of everything (a session, a paid order, a refund
 * application, a lead, a practice session); student B is the stranger; partners P1 (A's lead went to
 * its university) and P2; the seeded admin. The fuzz has its own student F and a throwaway student T
 * for the calls that end an account (ADR 0025).
 */
import { randomUUID } from 'node:crypto';
import { createJooClient } from '@joo/client';
import { eventually } from '@joo/testing';
import { client } from '../../e2e/http.js';
import { buyInSandbox, fullRefundApplication, register, signedIn, type Student } from '../../e2e/steps.js';

// The demo partner leads seeds with its dev-only key (deploy/services.json `local`).
export const DEMO_PARTNER_KEY = 'joo_pk_demo_partner_key_for_local_development_only';
const SLOW = { timeoutMs: 20_000, intervalMs: 150 };

export interface Person { userId: string; token: string; email: string; phone: string }

export interface Fixtures {
  admin: { token: string };
  /** The owner of one of everything. */
  a: Person & {
    sessionId: string; orderId: string; productId: string; applicationId: string; leadId: string; practiceSessionId: string; questionId: string;
    claimId: string; messageId: string; mockAttemptId: string; mockQuestionId: string;
  };
  /** Another student: the one who must not see A's things. */
  b: Person;
  /** The fuzz's student, and the one whose account the fuzz may end. */
  f: Person;
  t: Person;
  /** P1 received A's lead; P2 is another university's partner. */
  partners: { p1: string; p2: string; demo: string };
  /** Ids of things that are not the caller's (A's) and public ids, for path parameters. */
  ids: string[];
  /** Texts that only A's own answers may contain. */
  aMarks: string[];
}

function student(name: string, n: number): Student {
  return {
    fullName: `Тест ${name}`, region: 'astana', email: `${name.toLowerCase()}.${randomUUID().slice(0, 8)}@fuzz.example.kz`,
    phone: `+7 707 ${String(100 + n).padStart(3, '0')} ${String(10 + n).slice(-2)} ${String(20 + n).slice(-2)}`, password: `fuzz-${name}-passphrase-2026`, locale: 'ru',
  };
}

async function person(baseUrl: string, name: string, n: number) {
  const s = student(name, n);
  const { userId } = await register(createJooClient({ baseUrl }), s);
  const joo = await signedIn(baseUrl, s.email, s.password, `${name}-device`);
  return { joo, s, person: { userId, token: joo.session.tokens!.accessToken, email: s.email, phone: s.phone.replace(/\D/g, '') } };
}

export async function makeFixtures(baseUrl: string, admin: { email: string; password: string }, progress: (step: string) => void = () => {}): Promise<Fixtures> {
  const call = client(baseUrl);
  const adminToken = (await signedIn(baseUrl, admin.email, admin.password, 'admin-pc')).session.tokens!.accessToken;
  const [a, b, f, t] = await Promise.all([person(baseUrl, 'Aigerim', 1), person(baseUrl, 'Bolat', 2), person(baseUrl, 'Fuzz', 3), person(baseUrl, 'Temir', 4)]);
  const asA = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(method, path, { token: a.person.token, body, ...(headers ? { headers } : {}) });

  progress('students signed in');
  const sessionId = (await asA('GET', '/v1/identity/sessions')).body.items[0].sessionId as string;
  const { orderId, productId } = await buyInSandbox(a.joo);
  progress('A paid an order');
  const refundBody = fullRefundApplication(orderId, a.s.fullName, 16_000_000);
  const key = { 'idempotency-key': randomUUID() };
  const application = await eventually(async () => { const r = await asA('POST', '/v1/refunds/applications', refundBody, key); return r.status === 201 && r.body; }, SLOW);

  progress('A applied for a refund');
  const universities = (await call('GET', '/v1/leads/universities')).body.items as Array<{ id: string; programmes: Array<{ id: string }> }>;
  const [u1, u2] = universities;
  const p1 = (await call('POST', '/v1/leads/admin/partners', { token: adminToken, body: { universityId: u1!.id } })).body;
  const p2 = (await call('POST', '/v1/leads/admin/partners', { token: adminToken, body: { universityId: u2!.id } })).body;
  const lead = await eventually(async () => {
    const r = await asA('POST', '/v1/leads', { universityId: u1!.id, message: 'Грант бар ма?' }, { 'idempotency-key': 'fixture-lead' });
    return r.status === 201 && r.body;
  }, SLOW);

  progress('A asked for a consultation');
  const practice = await eventually(async () => {
    const r = await asA('POST', '/v1/practice/sessions', { subject: 'physics', topic: 'kinematics', language: 'ru', count: 10 });
    return r.status === 201 && r.body;
  }, SLOW);

  progress('A practised');
  const claim = await asA('POST', '/v1/refunds/claims', { subject: 'Доступ к урокам', text: 'После оплаты уроки открылись не сразу.', orderId });
  if (claim.status !== 201) throw new Error(`fixtures: A's claim answered ${claim.status}`);
  const message = await eventually(async () => {
    const r = await asA('GET', '/v1/notifications/me');
    return r.status === 200 && (r.body.items as Array<{ id: string }>)[0];
  }, SLOW);

  progress('A filed a claim and got a message');
  const mock = await startMock(call, adminToken, asA);
  progress('A sat down to a mock');

  const products = (await call('GET', '/v1/catalog/products')).body.items as Array<{ id: string }>;
  const aIds = [a.person.userId, sessionId, orderId, application.id, lead.leadId, practice.id, practice.questions[0].id, claim.body.id, message.id, mock.attemptId];
  const unknown = Object.entries({ sessionId, orderId, application: application.id, lead: lead.leadId, practice: practice.id }).filter(([, v]) => typeof v !== 'string');
  if (unknown.length) throw new Error(`fixtures: no id for ${unknown.map(([k]) => k).join(', ')}`);
  return {
    admin: { token: adminToken },
    a: {
      ...a.person, sessionId, orderId, productId, applicationId: application.id, leadId: lead.leadId, practiceSessionId: practice.id, questionId: practice.questions[0].id,
      claimId: claim.body.id, messageId: message.id, mockAttemptId: mock.attemptId, mockQuestionId: mock.questionId,
    },
    b: b.person, f: f.person, t: t.person,
    partners: { p1: p1.apiKey, p2: p2.apiKey, demo: DEMO_PARTNER_KEY },
    ids: [...aIds, b.person.userId, ...products.map((p) => p.id), ...universities.map((u) => u.id)],
    aMarks: [...aIds.filter((id) => id !== practice.questions[0].id && id !== message.id), a.person.email],
  };
}

type Call = ReturnType<typeof client>;

/**
 * A's mock attempt. A mock starts only inside a window: an admin window from now on, unless the
 * weekly one (which admin windows may not overlap) is open or about to open, then that one.
 */
async function startMock(call: Call, adminToken: string, asA: (method: string, path: string, body?: unknown) => ReturnType<Call>) {
  const now = Date.now();
  const window = await call('POST', '/v1/practice/admin/windows', {
    token: adminToken, body: { opensAt: new Date(now - 60_000).toISOString(), closesAt: new Date(now + 30 * 60_000).toISOString() },
  });
  if (window.status !== 201 && window.status !== 409) throw new Error(`fixtures: the mock window answered ${window.status}`);
  // The package A bought locks the pair mathematics–physics (offer 5.7); its grant reaches practice by NATS.
  const attempt = await eventually(async () => {
    const r = await asA('POST', '/v1/practice/mocks', { profileSubjects: ['math', 'physics'], language: 'ru' });
    return r.status === 201 && (r.body as { attemptId: string; sections: Array<{ questions: Array<{ id: string }> }> });
  }, { timeoutMs: 60_000, intervalMs: 500 });
  return { attemptId: attempt.attemptId, questionId: attempt.sections[0]!.questions[0]!.id };
}
