import { randomBytes } from 'node:crypto';
import t from 'tap';
import { Webhook } from 'standardwebhooks';
import { createWebhookVerifier, memoryReplayGuard, WebhookVerificationError } from '../src/index.js';

const secret = () => `whsec_${randomBytes(24).toString('base64')}`;
const BODY = JSON.stringify({ type: 'lead.created', timestamp: '2026-12-07T10:00:00.000Z', data: { leadId: 'l-1' } });

/** Headers as leads's worker writes them: one `v1,` signature per live secret. */
function signed(secrets: string[], at = new Date(), id = `msg_${randomBytes(6).toString('hex')}`, body = BODY) {
  return {
    'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((s) => new Webhook(s).sign(id, at, body)).join(' '),
  };
}

const reasonOf = (fn: () => unknown) => {
  try { fn(); return null; } catch (e) { return e instanceof WebhookVerificationError ? e.reason : e; }
};

t.test('when leads signs a lead, then the university verifies it and gets the payload', async (t) => {
  const s = secret();
  const verifier = createWebhookVerifier({ secrets: [s] });
  const headers = signed([s]);
  const { id, payload } = verifier.verify(Buffer.from(BODY), new Headers(headers));
  t.equal(id, headers['webhook-id']);
  t.match(payload, { type: 'lead.created', data: { leadId: 'l-1' } });
});

t.test('during a rotation, then either secret verifies', async (t) => {
  const [old, next] = [secret(), secret()];
  t.ok(createWebhookVerifier({ secrets: [next] }).verify(BODY, signed([old, next])), 'the new secret alone');
  t.ok(createWebhookVerifier({ secrets: [old] }).verify(BODY, signed([old, next])), 'the old secret alone');
  t.ok(createWebhookVerifier({ secrets: [secret(), old] }).verify(BODY, signed([old])), 'the second secret held');
});

t.test('when anything is off, then it is refused with the reason', async (t) => {
  const s = secret();
  const verifier = createWebhookVerifier({ secrets: [s] });
  t.equal(reasonOf(() => verifier.verify(BODY, signed([secret()]))), 'bad-signature', 'another secret');
  t.equal(reasonOf(() => verifier.verify(BODY.replace('l-1', 'l-2'), signed([s]))), 'bad-signature', 'a changed body');
  const h = signed([s]);
  t.equal(reasonOf(() => verifier.verify(BODY, { ...h, 'webhook-id': 'msg_other' })), 'bad-signature', 'a changed id');
  t.equal(reasonOf(() => verifier.verify(BODY, { ...h, 'webhook-timestamp': String(Number(h['webhook-timestamp']) + 1) })), 'bad-signature', 'a changed timestamp');
  t.equal(reasonOf(() => verifier.verify(BODY, { 'webhook-id': 'x', 'webhook-signature': 'v1,abc' })), 'missing-headers');
  t.equal(reasonOf(() => verifier.verify(BODY, signed([s], new Date(Date.now() - 6 * 60_000)))), 'too-old', 'six minutes old');
  t.equal(reasonOf(() => verifier.verify(BODY, signed([s], new Date(Date.now() + 6 * 60_000)))), 'too-new', 'six minutes ahead');
  t.equal(reasonOf(() => verifier.verify(BODY, signed([s], new Date(Date.now() - 4 * 60_000)))), null, 'four minutes old passes');
  t.throws(() => createWebhookVerifier({ secrets: [] }), /at least one secret/);
});

t.test('when the same message comes again, then it is a replay until forgotten', async (t) => {
  const s = secret();
  const verifier = createWebhookVerifier({ secrets: [s] });
  const headers = signed([s]);
  verifier.verify(BODY, headers);
  t.equal(reasonOf(() => verifier.verify(BODY, headers)), 'replayed');
  verifier.forget(headers['webhook-id']);
  t.equal(reasonOf(() => verifier.verify(BODY, headers)), null, 'accepted again once its processing failed');
  t.equal(reasonOf(() => verifier.verify(BODY, signed([secret()], new Date(), headers['webhook-id']))), 'bad-signature', 'a forged copy is not even a replay');
});

t.test('the replay guard forgets ids once their timestamps could no longer pass', async (t) => {
  let now = 0;
  const guard = memoryReplayGuard(() => now);
  t.ok(guard.firstTime('a'));
  t.notOk(guard.firstTime('a'));
  now = 10 * 60_000 + 1;
  t.ok(guard.firstTime('a'), 'ten minutes later the id is new again (its timestamp is refused by then anyway)');
});
