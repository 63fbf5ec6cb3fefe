import { randomUUID } from 'node:crypto';
import t from 'tap';
import { connectBus, publishEnvelope, startConsumer } from '@joo/bus';
import { eventually, testBus, testLogger } from '@joo/testing';
import { catalogRoutes } from '../src/events/catalog.js';
import { studyAccess, upsertEntitlement } from '../src/store/entitlements.js';
import { build, grantedEvent, revokedEvent, singleQuestion } from './helper.js';

t.test("when catalog's entitlement events arrive over NATS, then the student may practise until the revocation", async (t) => {
  const b = await build(t);
  const tb = await testBus(t);
  const bus = await connectBus({ url: tb.url, prefix: tb.prefix, name: 'practice-test' });
  await bus.ensureStream('catalog');
  const consumer = await startConsumer({ pool: b.pool, bus, consumer: 'practice', ...catalogRoutes.consumer(), log: testLogger() });
  t.teardown(async () => { await consumer.stop(); await bus.close(); });
  await b.app.inject({ method: 'POST', url: '/v1/practice/admin/questions', headers: b.admin, payload: singleQuestion() });

  const userId = randomUUID();
  const start = () => b.app.inject({ method: 'POST', url: '/v1/practice/sessions', headers: b.as(userId), payload: { subject: 'math', language: 'ru', count: 5 } });
  t.equal((await start()).statusCode, 403, 'nothing before the grant');

  const grant = grantedEvent(userId);
  await publishEnvelope(bus, grant);
  await publishEnvelope(bus, grant); // redelivered or republished: the inbox absorbs it
  await eventually(async () => (await start()).statusCode === 201, { message: 'the grant opens practice' });
  t.same((await b.pool.query('SELECT profile_subjects FROM entitlements')).rows, [{ profile_subjects: ['math', 'physics'] }]);

  await publishEnvelope(bus, revokedEvent(userId, grant.data.entitlementId));
  await eventually(async () => (await start()).statusCode === 403, { message: 'the revocation closes it' });
});

t.test('when an entitlement reaches its bonus period, then study access is bonus, and course time of another entitlement wins', async (t) => {
  const b = await build(t);
  const userId = randomUUID();
  const day = 86_400_000;
  const now = new Date('2026-12-06T12:00:00Z');
  const at = (days: number) => new Date(now.getTime() + days * day);
  t.same(await studyAccess(b.pool, userId, now), { level: 'none', profileSubjects: [] }, 'nothing held');

  await upsertEntitlement(b.pool, { entitlementId: randomUUID(), userId, productId: 'p1', profileSubjects: ['math', 'physics'], validFrom: at(-130), validUntil: at(30), courseUntil: at(-5) });
  t.same(await studyAccess(b.pool, userId, now), { level: 'bonus', profileSubjects: ['math', 'physics'] }, 'after the course, before the end of the bonus');
  t.same(await studyAccess(b.pool, userId, at(31)), { level: 'none', profileSubjects: [] }, 'after the bonus');

  await upsertEntitlement(b.pool, { entitlementId: randomUUID(), userId, productId: 'p2', profileSubjects: [], validFrom: at(-1), validUntil: at(60), courseUntil: null });
  t.same(await studyAccess(b.pool, userId, now), { level: 'course', profileSubjects: ['math', 'physics'] }, 'a course in force wins, the pair stays locked');
});
