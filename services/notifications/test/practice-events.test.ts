import t from 'tap';
import { uuidv7 } from 'uuidv7';
import { AttemptFinished, AttemptRescored, EntitlementGranted, EntitlementRevoked, FeedbackGiven, MockWindowOpened, UserRegistered, type EventData } from '@joo/contracts';
import { eventually } from '@joo/testing';
import { apply, build, envelope, messagesOf, registered, withBus } from './helper.js';

const day = 86_400_000;

function finished(userId: string, overrides: Partial<EventData<typeof AttemptFinished>> = {}): EventData<typeof AttemptFinished> {
  return {
    attemptId: uuidv7(), userId, kind: 'mock', windowId: uuidv7(), language: 'ru', profileSubjects: ['math', 'physics'], total: 96, max: 140,
    subjects: [{ subject: 'kz-history', score: 15, max: 20, minimum: 5, passed: true }, { subject: 'math', score: 30, max: 50, minimum: 5, passed: true }],
    topics: [], startedAt: '2026-12-06T05:00:00.000Z', finishedAt: '2026-12-06T08:00:00.000Z', scoredAt: '2026-12-06T08:00:00.000Z', finishedBy: 'student', ...overrides,
  };
}

function grant(userId: string, window: { from: number; course: number | null; until: number }, entitlementId = uuidv7()): EventData<typeof EntitlementGranted> {
  const now = Date.now();
  return {
    entitlementId, userId, productId: uuidv7(), productVersion: 1, orderId: null, profileSubject: null, profileSubjects: [],
    validFrom: new Date(now + window.from * day).toISOString(), validUntil: new Date(now + window.until * day).toISOString(),
    ...(window.course === null ? {} : { courseUntil: new Date(now + window.course * day).toISOString() }), grantedAt: new Date().toISOString(),
  };
}

t.test('when a curator leaves feedback on the bus, then the student gets it by e-mail in their language', async (t) => {
  const b = await build(t);
  const { publish } = await withBus(t, b.ctx, b.app.log);
  const u = registered({ locale: 'kk' });
  await publish(envelope(UserRegistered, u.userId, u.data));
  const feedbackId = uuidv7();
  await publish(envelope(FeedbackGiven, feedbackId, { feedbackId, studentId: u.userId, curatorId: uuidv7(), text: 'Жай сандарды қайталаңыз', givenAt: new Date().toISOString() }));
  const message = await eventually(async () => (await messagesOf(b.pool, u.userId)).find((m) => m.template === 'curator_feedback'), { timeoutMs: 30_000 });
  t.match(message, { channel: 'email', locale: 'kk', kind: 'transactional', subject: 'Куратор сізге пікір қалдырды' });
  t.match(message.body, /«Жай сандарды қайталаңыз»/);
});

t.test('when a mock is scored and re-scored, then the student is told the score with the subjects named in their language; practice attempts are not news', async (t) => {
  const b = await build(t);
  const u = registered({ locale: 'ru' });
  await apply(b.ctx, envelope(UserRegistered, u.userId, u.data));
  const data = finished(u.userId);
  await apply(b.ctx, envelope(AttemptFinished, data.attemptId, data));
  const { finishedBy: _by, ...scored } = data;
  await apply(b.ctx, envelope(AttemptRescored, data.attemptId, { ...scored, total: 98, previousTotal: 96, appealId: uuidv7(), scoredAt: new Date().toISOString() }));
  await apply(b.ctx, envelope(AttemptFinished, uuidv7(), finished(u.userId, { kind: 'practice', windowId: null, profileSubjects: [] })));

  const messages = (await messagesOf(b.pool, u.userId)).filter((m) => m.template !== 'welcome');
  t.same(messages.map((m) => m.template).sort(), ['mock_rescored', 'mock_result'], 'one message each, e-mail only; none for the practice attempt');
  const result = messages.find((m) => m.template === 'mock_result');
  t.equal(result.subject, 'Результат пробного ЕНТ: 96 из 140');
  t.match(result.body, /06\.12\.2026.*История Казахстана 15\/20, Математика 30\/50/);
  t.match(messages.find((m) => m.template === 'mock_rescored').body, /было 96, стало 98 баллов из 140/);
});

t.test('when a mock window opens, then students in the course time of a package are reminded, without marketing consent, and nobody else', async (t) => {
  const b = await build(t);
  const inCourse = registered({ locale: 'ru' });
  const inBonus = registered({ locale: 'kk' });
  const revoked = registered();
  const nothing = registered();
  const noCourseEnd = registered({ locale: 'kk' });
  for (const u of [inCourse, inBonus, revoked, nothing, noCourseEnd]) await apply(b.ctx, envelope(UserRegistered, u.userId, u.data));
  await apply(b.ctx, envelope(EntitlementGranted, inCourse.userId, grant(inCourse.userId, { from: -10, course: 100, until: 130 })));
  await apply(b.ctx, envelope(EntitlementGranted, inBonus.userId, grant(inBonus.userId, { from: -125, course: -5, until: 25 })));
  await apply(b.ctx, envelope(EntitlementGranted, noCourseEnd.userId, grant(noCourseEnd.userId, { from: -1, course: null, until: 30 })));
  const gone = grant(revoked.userId, { from: -10, course: 100, until: 130 });
  await apply(b.ctx, envelope(EntitlementRevoked, revoked.userId, {
    entitlementId: gone.entitlementId, userId: revoked.userId, productId: gone.productId, orderId: null, reason: 'refund', revokedAt: new Date().toISOString(),
  }));
  await apply(b.ctx, envelope(EntitlementGranted, revoked.userId, gone)); // the grant arriving after its revocation stays revoked

  const opensAt = new Date();
  const windowId = uuidv7();
  const opened = envelope(MockWindowOpened, windowId, { windowId, opensAt: opensAt.toISOString(), closesAt: new Date(opensAt.getTime() + 12 * 3_600_000).toISOString(), source: 'weekly' });
  await apply(b.ctx, opened);
  await apply(b.ctx, opened);

  const { rows } = await b.pool.query<{ user_id: string; locale: string; body: string }>("SELECT user_id, locale, body FROM messages WHERE template = 'mock_window_opened'");
  t.same(rows.map((r) => r.user_id).sort(), [inCourse.userId, noCourseEnd.userId].sort(), 'course time only; once each though the event came twice');
  t.match(rows.find((r) => r.user_id === inCourse.userId), { locale: 'ru', body: /Еженедельный пробный тест открыт/ });
  t.match(rows.find((r) => r.user_id === noCourseEnd.userId), { locale: 'kk', body: /Апталық сынақ тесті/ });
});
