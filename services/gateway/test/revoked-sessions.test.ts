import t from 'tap';
import { testLogger } from '@joo/testing';
import { CLOCK_SKEW_MS, RevokedSessions, applyRevocation } from '../src/revocations.js';

const log = testLogger();

t.test('when a session is revoked, then it is refused until its tokens expire (plus clock skew), then forgotten', async (t) => {
  let now = 1_000_000;
  const revoked = new RevokedSessions(() => now);
  revoked.add('s1', now + 600_000);
  t.ok(revoked.has('s1'));
  t.notOk(revoked.has('s2'));
  now += 600_000 + CLOCK_SKEW_MS - 1;
  t.ok(revoked.has('s1'));
  now += 1;
  t.notOk(revoked.has('s1'));
  t.equal(revoked.size, 0);
});

t.test('when a revocation comes twice, then the later expiry wins; an already expired one is not kept', async (t) => {
  let now = 0;
  const revoked = new RevokedSessions(() => now);
  revoked.add('s1', 600_000);
  revoked.add('s1', 100_000);
  now = 500_000;
  t.ok(revoked.has('s1'));
  revoked.add('old', now - CLOCK_SKEW_MS - 1);
  t.equal(revoked.size, 1);
});

t.test('when event data does not match the contract but names a session, then it is revoked anyway', async (t) => {
  const revoked = new RevokedSessions();
  const event = (data: unknown) => ({ id: 'e', type: 'identity.session.revoked.v1', source: 'identity', time: new Date().toISOString(), subject: 's', data });
  applyRevocation(revoked, event({ sessionId: 'partial' }), 600_000, log);
  t.ok(revoked.has('partial'));
  applyRevocation(revoked, event({ nothing: true }), 600_000, log);
  applyRevocation(revoked, event(null), 600_000, log);
  t.equal(revoked.size, 1);
});
