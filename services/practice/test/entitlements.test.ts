import { randomUUID } from 'node:crypto';
import t from 'tap';
import { connectBus, publishEnvelope, startConsumer } from '@joo/bus';
import { eventually, testBus, testLogger } from '@joo/testing';
import { catalogRoutes } from '../src/events/catalog.js';
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
