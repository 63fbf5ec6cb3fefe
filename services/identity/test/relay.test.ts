import t from 'tap';
import { connectBus, startRelay } from '@joo/bus';
import { eventually, testBus, testLogger } from '@joo/testing';
import { bearer, build, student } from './helper.js';

t.test('when a session is revoked, then the relay publishes identity.session.revoked to NATS', async (t) => {
  const { app, pool } = await build(t);
  const { prefix, nc, url } = await testBus(t);
  const bus = await connectBus({ url, prefix, name: 'identity-relay-test' });
  const relay = startRelay({ pool, bus, source: 'identity', log: testLogger(), pollIntervalMs: 100 });
  t.teardown(async () => {
    await relay.stop();
    await bus.close();
  });

  const arrived: Array<{ type: string; subject: string; data: Record<string, unknown> }> = [];
  const sub = nc.subscribe(`${prefix}joo.identity.session.revoked.v1`, {
    callback: (_error, msg) => {
      arrived.push(msg.json());
    },
  });
  t.teardown(() => sub.unsubscribe());
  await nc.flush();

  const s = await student(app);
  const out = await app.inject({ method: 'POST', url: '/v1/identity/logout', headers: bearer(s.tokens.accessToken) });
  t.equal(out.statusCode, 204);
  relay.wake();

  const unpublished = async () => (await pool.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL')).rows[0].n as number;
  await eventually(async () => arrived.length > 0 && (await unpublished()) === 0, { message: 'the revocation published and its row marked' });
  t.equal(arrived.length, 1);
  t.match(arrived[0], {
    type: 'identity.session.revoked.v1', source: 'identity', subject: s.userId,
    data: { userId: s.userId, sessionId: s.tokens.sessionId, reason: 'logout', deviceName: 'Device laptop' },
  });
  t.equal(await unpublished(), 0, 'every outbox row is marked published');
});
