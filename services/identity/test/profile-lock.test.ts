import t from 'tap';
import { uuidv7 } from 'uuidv7';
import { connectBus, publishEnvelope } from '@joo/bus';
import { EntitlementGranted, EntitlementRevoked, type EventData } from '@joo/contracts';
import { countRoundTrips, eventually, testBus, testLogger } from '@joo/testing';
import { droppedLockedSubjects } from '../src/domain/profile-lock.js';
import { startProfileLockConsumer } from '../src/events/catalog.js';
import { bearer, build, student } from './helper.js';

const rules: Array<{ when: string; next: string[] | null; locked: string[]; then: string[] }> = [
  { when: 'nothing is locked', next: ['biology'], locked: [], then: [] },
  { when: 'the pair is kept', next: ['physics', 'math'], locked: ['math', 'physics'], then: [] },
  { when: 'a subject is added beside the pair', next: ['math', 'physics', 'informatics'], locked: ['math', 'physics'], then: [] },
  { when: 'one subject of the pair is swapped', next: ['math', 'informatics'], locked: ['math', 'physics'], then: ['physics'] },
  { when: 'the subjects are deleted', next: null, locked: ['math', 'physics'], then: ['math', 'physics'] },
  { when: 'two packages lock overlapping pairs', next: ['math'], locked: ['math', 'physics', 'math', 'geography'], then: ['physics', 'geography'] },
];
for (const r of rules) {
  t.test(`when ${r.when}, then the dropped locked subjects are ${JSON.stringify(r.then)}`, async (t) => {
    t.same(droppedLockedSubjects(r.next, r.locked), r.then);
  });
}

t.test('when catalog grants a package with a profile pair, then the pair is locked until the package ends or is revoked (offer 5.7)', async (t) => {
  const now = new Date('2026-12-01T06:00:00Z');
  const { app, pool, clock } = await build(t, { now });
  const tb = await testBus(t);
  const bus = await connectBus({ url: tb.url, prefix: tb.prefix, name: 'identity-test' });
  await bus.ensureStream('catalog');
  const consumer = await startProfileLockConsumer({ pool, bus, log: testLogger(), clock: () => clock.now });
  t.teardown(async () => { await consumer.stop(); await bus.close(); });

  const s = await student(app);
  const patch = (profileSubjects: string[] | null) =>
    app.inject({ method: 'PATCH', url: '/v1/identity/me', headers: bearer(s.tokens.accessToken), payload: { profileSubjects } });
  t.equal((await patch(['math', 'physics'])).statusCode, 200);

  const publish = <D extends typeof EntitlementGranted | typeof EntitlementRevoked>(def: D, data: EventData<D>) =>
    publishEnvelope(bus, { id: uuidv7(), type: def.type, source: 'catalog', time: now.toISOString(), subject: s.userId, data });
  const granted = (entitlementId: string, validUntil: string, profileSubject: string | null, profileSubjects: string[]) => ({
    entitlementId, userId: s.userId, productId: uuidv7(), productVersion: 1, orderId: uuidv7(), profileSubject, profileSubjects,
    validFrom: now.toISOString(), validUntil, grantedAt: now.toISOString(),
  });
  const locks = (n: number) =>
    eventually(async () => (await pool.query('SELECT 1 FROM profile_subject_locks')).rowCount === n, { message: `${n} locks` });

  const entitlementId = uuidv7();
  const trips = countRoundTrips(pool);
  await publish(EntitlementGranted, granted(entitlementId, '2027-05-01T06:00:00Z', 'math-physics', ['math', 'physics']));
  await publish(EntitlementGranted, granted(uuidv7(), '2027-05-01T06:00:00Z', null, [])); // a subscription without a pair
  await locks(1);
  t.ok(trips.transactions.length > 0 && trips.transactions.every((x) => x.roundTrips === 1 && x.committed),
    'a grant is locked in one round trip: BEGIN, inbox, lock and COMMIT together');

  const swapped = await patch(['math', 'informatics']);
  t.equal(swapped.statusCode, 409);
  t.match(swapped.json(), {
    code: 'profile-subject-locked', lockedSubjects: ['math', 'physics'], lockedUntil: '2027-05-01T06:00:00.000Z',
    errors: [{ field: '/profileSubjects', message: /physics/ }],
  });
  t.equal((await patch(null)).statusCode, 409, 'deleting them is a change too');
  t.same((await app.inject({ method: 'GET', url: '/v1/identity/me', headers: bearer(s.tokens.accessToken) })).json().profileSubjects, ['math', 'physics'], 'nothing changed');
  t.equal((await patch(['physics', 'math', 'informatics'])).statusCode, 200, 'keeping the pair is allowed');
  const other = await app.inject({ method: 'PATCH', url: '/v1/identity/me', headers: bearer(s.tokens.accessToken), payload: { address: 'Алматы' } });
  t.equal(other.statusCode, 200, 'other fields are not locked');

  clock.set(new Date('2027-05-01T06:00:00Z'));
  t.equal((await patch(['biology', 'chemistry'])).statusCode, 200, 'when the package has ended, the subjects are free');
  clock.set(now);
  t.equal((await patch(['biology', 'chemistry'])).statusCode, 409, 'while it runs, they are not');

  await publish(EntitlementRevoked, { entitlementId, userId: s.userId, productId: uuidv7(), orderId: null, reason: 'refund', revokedAt: now.toISOString() });
  await locks(0);
  t.equal((await patch(['math', 'informatics'])).statusCode, 200, 'a refunded package locks nothing');
});
