import t from 'tap';
import { randomUUID } from 'node:crypto';
import { connectBus, publishEnvelope, type Bus } from '@joo/bus';
import { SessionRevoked, type Envelope } from '@joo/contracts';
import { eventually, testBus, testLogger, type Teardown } from '@joo/testing';
import { RevokedSessions, startRevocationFeed } from '../src/revocations.js';
import { bearer, gateway } from './helper.js';

// A revocation must bite within a second; asked every 20 ms so the time measured is close to the truth.
const WITHIN_A_SECOND = { timeoutMs: 1_000, intervalMs: 20 };

async function identityBus(t: Teardown): Promise<Bus> {
  const tb = await testBus(t);
  const bus = await connectBus({ url: tb.url, prefix: tb.prefix, name: 'gateway-test' });
  t.teardown(() => bus.close());
  await bus.ensureStream('identity');
  return bus;
}

function revocation(sessionId: string, tokensValidUntil = new Date(Date.now() + 600_000)): Envelope {
  return {
    id: randomUUID(),
    type: SessionRevoked.type,
    source: 'identity',
    time: new Date().toISOString(),
    subject: sessionId,
    data: {
      userId: 'user-1', sessionId, reason: 'logout', deviceName: 'Phone',
      revokedAt: new Date().toISOString(), tokensValidUntil: tokensValidUntil.toISOString(),
    },
  };
}

async function feed(t: Teardown, bus: Bus, revoked: RevokedSessions): Promise<void> {
  const handle = await startRevocationFeed({ bus, revoked, log: testLogger(), lookbackMs: 15 * 60_000 });
  t.teardown(() => handle.stop());
}

t.test('when identity publishes session.revoked, then that session\'s token is refused within a second', async (t) => {
  const bus = await identityBus(t);
  const { app, issuer, revoked, catalog } = await gateway(t);
  await feed(t, bus, revoked);
  const doomed = issuer.sign({ sub: 'user-1', sid: 'sess-doomed' });
  const other = issuer.sign({ sub: 'user-1', sid: 'sess-other' });
  t.equal((await app.inject({ url: '/v1/catalog/x', headers: bearer(doomed) })).statusCode, 200, 'accepted before');

  const ack = await publishEnvelope(bus, revocation('sess-doomed'));
  t.equal(ack.stream, bus.streamName('identity'));
  const started = Date.now();
  await eventually(async () => (await app.inject({ url: '/v1/catalog/x', headers: bearer(doomed) })).statusCode === 401, WITHIN_A_SECOND);
  const took = Date.now() - started;
  t.ok(took < 1_000, `refused after ${took} ms`);
  // Polls made before the revocation arrived were forwarded; from the first refusal on, none is.
  const forwarded = catalog.requests.length;

  const refused = await app.inject({ url: '/v1/catalog/x', headers: bearer(doomed) });
  t.match(refused.json(), { status: 401, code: 'session-revoked' });
  t.equal((await app.inject({ url: '/v1/catalog/x', headers: bearer(other) })).statusCode, 200, 'other sessions unaffected');
  t.equal(catalog.requests.length, forwarded + 1, 'the refused request never reached the service, the other session\'s did');
  t.match(await app.metrics.metrics(), /gateway_revoked_sessions\{[^}]*\} 1/);
});

t.test('when the gateway starts after a revocation was published, then it still refuses that session', async (t) => {
  const bus = await identityBus(t);
  await publishEnvelope(bus, revocation('sess-earlier'));
  const { app, issuer, revoked } = await gateway(t);
  await feed(t, bus, revoked);
  const token = issuer.sign({ sub: 'user-1', sid: 'sess-earlier' });
  await eventually(async () => (await app.inject({ url: '/v1/catalog/x', headers: bearer(token) })).statusCode === 401, WITHIN_A_SECOND);
  t.equal((await app.inject({ url: '/v1/catalog/x', headers: bearer(token) })).statusCode, 401, 'refused from the replayed history');
});

t.test('when other identity events and revocations whose tokens already expired arrive, then the set ignores them', async (t) => {
  const bus = await identityBus(t);
  const revoked = new RevokedSessions();
  await feed(t, bus, revoked);
  await publishEnvelope(bus, revocation('sess-long-gone', new Date(Date.now() - 10 * 60_000)));
  await publishEnvelope(bus, {
    id: randomUUID(), type: 'identity.session.started.v1', source: 'identity', time: new Date().toISOString(),
    subject: 'sess-new', data: { userId: 'u', sessionId: 'sess-new', deviceName: 'x', startedAt: new Date().toISOString() },
  });
  await publishEnvelope(bus, revocation('sess-marker'));
  await eventually(() => revoked.has('sess-marker'), WITHIN_A_SECOND);
  t.notOk(revoked.has('sess-long-gone'));
  t.notOk(revoked.has('sess-new'));
  t.equal(revoked.size, 1);
});
