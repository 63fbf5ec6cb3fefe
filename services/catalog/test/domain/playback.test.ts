import { randomBytes } from 'node:crypto';
import t from 'tap';
import { createPlaybackSigner, expiryFrom } from '../../src/domain/playback.js';

const signer = createPlaybackSigner(randomBytes(32).toString('base64'), 300);
const now = new Date('2026-05-01T10:00:00Z');
const grant = { contentId: '01940000-0000-7000-8000-0000000c0001', userId: '0194aaaa-0000-7000-8000-000000000001', expires: expiryFrom(now, 300) };
const signature = signer.sign(grant);

const cases: Array<{ when: string; grant: typeof grant; signature: string; at: Date; then: unknown }> = [
  { when: 'the URL is used as issued', grant, signature, at: now, then: { ok: true } },
  { when: 'it is used a second before it expires', grant, signature, at: new Date((grant.expires - 1) * 1000), then: { ok: true } },
  { when: 'it is used at its expiry', grant, signature, at: new Date(grant.expires * 1000), then: { ok: false, reason: 'expired' } },
  { when: 'another user uses it', grant: { ...grant, userId: '0194aaaa-0000-7000-8000-000000000002' }, signature, at: now, then: { ok: false, reason: 'bad-signature' } },
  { when: 'it is pointed at other content', grant: { ...grant, contentId: '01940000-0000-7000-8000-0000000c0002' }, signature, at: now, then: { ok: false, reason: 'bad-signature' } },
  { when: 'its expiry is pushed back', grant: { ...grant, expires: grant.expires + 3600 }, signature, at: now, then: { ok: false, reason: 'bad-signature' } },
  { when: 'the signature is garbage', grant, signature: 'x', at: now, then: { ok: false, reason: 'bad-signature' } },
  { when: 'the signature is of the right shape but wrong', grant, signature: 'A'.repeat(43), at: now, then: { ok: false, reason: 'bad-signature' } },
];

for (const c of cases) {
  t.test(`when ${c.when}, then the verdict is ${JSON.stringify(c.then)}`, async (t) => {
    t.same(signer.verify(c.grant, c.signature, c.at), c.then);
  });
}

t.test('when another key signed it, then it does not verify', async (t) => {
  const other = createPlaybackSigner(randomBytes(32).toString('base64'), 300);
  t.same(signer.verify(grant, other.sign(grant), now), { ok: false, reason: 'bad-signature' });
});

t.test('when a URL is built, then it carries user, expiry and signature under the base', async (t) => {
  const url = new URL(signer.url('https://joo.kz/', grant));
  t.equal(url.origin + url.pathname, `https://joo.kz/v1/catalog/playback/${grant.contentId}`);
  t.equal(url.searchParams.get('user'), grant.userId);
  t.equal(url.searchParams.get('expires'), String(grant.expires));
  t.same(signer.verify(grant, url.searchParams.get('signature')!, now), { ok: true });
});

t.test('when the key is not 32 bytes, then the signer refuses it', async (t) => {
  t.throws(() => createPlaybackSigner(randomBytes(16).toString('base64'), 300));
});
