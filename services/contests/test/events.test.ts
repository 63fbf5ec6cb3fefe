import t from 'tap';
import { connectBus, publishEnvelope, startConsumer, startRelay } from '@joo/bus';
import { eventually, testBus, testLogger } from '@joo/testing';
import { identityRoutes } from '../src/events/identity.js';
import { adminAction, build, createContest, erasedEvent, profileEvent, registeredEvent, student } from './helper.js';

t.test('when identity publishes profile events and contests launches and draws, then both travel over NATS', async (t) => {
  const b = await build(t);
  const { prefix, nc, url } = await testBus(t);
  const bus = await connectBus({ url, prefix, name: 'contests-events-test' });
  await bus.ensureStream('identity');
  await bus.ensureStream('contests');
  const relay = startRelay({ pool: b.pool, bus, source: 'contests', log: testLogger(), pollIntervalMs: 100 });
  const consumer = await startConsumer({ pool: b.pool, bus, consumer: 'contests', ...identityRoutes.consumer(), log: testLogger() });
  t.teardown(async () => {
    await consumer.stop();
    await relay.stop();
    await bus.close();
  });

  const arrived: Array<{ type: string; subject: string; data: Record<string, unknown> }> = [];
  const sub = nc.subscribe(`${prefix}joo.contests.>`, { callback: (_e, msg) => { arrived.push(msg.json()); } });
  t.teardown(() => sub.unsubscribe());
  await nc.flush();

  // Identity's events, published the way identity's relay does.
  const s = await student(b, null);
  const registered = registeredEvent(s.userId, { region: 'astana' });
  await publishEnvelope(bus, registered);
  await publishEnvelope(bus, registered);
  await publishEnvelope(bus, profileEvent(s.userId, { region: 'astana', filled: ['iin', 'untScores'], untScores: { math: 111 } }));
  await eventually(async () => (await b.pool.query("SELECT 1 FROM profiles WHERE user_id = $1 AND 'iin' = ANY(filled)", [s.userId])).rowCount === 1, { message: 'the profile copy' });
  t.match((await b.pool.query('SELECT region, unt_scores FROM profiles WHERE user_id = $1', [s.userId])).rows[0], { region: 'astana', unt_scores: { math: 111 } });

  const id = await createContest(b, { eligibility: { requiredProfileFields: ['iin'], regions: ['astana'] } });
  t.equal((await adminAction(b, id, 'launch')).statusCode, 200);
  relay.wake();
  t.equal((await b.app.inject({ method: 'POST', url: `/v1/contests/${id}/entries`, headers: s.headers })).statusCode, 201, 'eligible from the events alone');
  t.equal((await adminAction(b, id, 'draw')).statusCode, 200);
  relay.wake();

  await eventually(() => arrived.length >= 3, { message: 'contests events on the bus' });
  t.same(arrived.map((e) => e.type), ['contests.contest.launched.v1', 'contests.contest.drawn.v1', 'contests.entry.won.v1']);
  t.match(arrived[0], { source: 'contests', subject: id, data: { contestId: id, title: { kk: 'Жазғы конкурс' }, commitment: /^[0-9a-f]{64}$/, regions: ['astana'] } });
  t.match(arrived[1], { subject: id, data: { entries: 1, winners: 1 } });
  t.match(arrived[2], { subject: s.userId, data: { userId: s.userId, contestId: id, prize: 'Ноутбук', taxable: true } });
  t.notOk(JSON.stringify(arrived[1]).includes(s.userId), 'the result news names nobody');

  await publishEnvelope(bus, erasedEvent(s.userId));
  await eventually(async () => (await b.pool.query('SELECT 1 FROM entries WHERE contest_id = $1 AND user_id IS NULL', [id])).rowCount === 1, { message: 'the erasure' });
  t.equal((await b.pool.query('SELECT count(*)::int AS n FROM inbox WHERE consumer = $1', ['contests'])).rows[0].n, 3, 'a republished event takes effect once');
});
