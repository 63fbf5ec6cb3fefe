import t from 'tap';
import { eventually, startPlatform } from '@joo/testing';
import { STANDARD_PACKAGE_ID } from '../src/seed.js';

const LESSON = '01940000-0000-7000-8000-0000000c0001';

t.test('when the real processes run, then an admin grant opens content through the gateway and locks the profile pair in identity', async (t) => {
  // deploy/services.json gives catalog a fresh PLAYBACK_SIGNING_KEY and the gateway as PUBLIC_BASE_URL.
  const platform = await startPlatform(t, { services: ['catalog'] });
  const gw = platform.gatewayUrl;
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(`${gw}${path}`, {
      method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: await res.json().catch(() => null) as Record<string, any> };
  };
  const through = { timeoutMs: 15_000, intervalMs: 100 }; // the gateway, several processes and the bus

  const offer = (await call('GET', '/v1/identity/offers/current')).body;
  const registered = await call('POST', '/v1/identity/register', undefined, {
    fullName: 'Дана Ахметова', region: 'almaty', email: 'dana@example.kz', phone: '+77015550101', password: 'Karagandy-Steppe-2008',
    locale: 'kk', acceptOffer: true, offerVersion: offer.version,
  });
  t.equal(registered.status, 201, JSON.stringify(registered.body));
  const device = { id: 'phone', name: 'Phone' };
  const student = (await call('POST', '/v1/identity/login', undefined, { login: 'dana@example.kz', password: 'Karagandy-Steppe-2008', device })).body;
  const admin = (await call('POST', '/v1/identity/login', undefined, { login: platform.admin.email, password: platform.admin.password, device })).body;
  const userId = registered.body.userId;

  const products = (await call('GET', '/v1/catalog/products')).body;
  t.same(products.items.map((p: { code: string }) => p.code), ['standard', 'premium']);
  t.equal((await call('GET', `/v1/catalog/content/${LESSON}`, student.accessToken)).body.code, 'no-entitlement');
  t.equal((await call('PATCH', '/v1/identity/me', student.accessToken, { profileSubjects: ['math', 'physics'] })).status, 200);

  const granted = await call('POST', '/v1/catalog/admin/entitlements', admin.accessToken, { userId, productId: STANDARD_PACKAGE_ID, profileSubject: 'math-physics' });
  t.equal(granted.status, 201);
  const opened = await call('GET', `/v1/catalog/content/${LESSON}`, student.accessToken);
  t.equal(opened.status, 200);
  t.ok(opened.body.playbackUrl.startsWith(`${gw}/v1/catalog/playback/${LESSON}?`), 'the playback URL points at the gateway');
  const url = new URL(opened.body.playbackUrl);
  const media = await call('GET', url.pathname + url.search);
  t.match(media, { status: 200, body: { contentId: LESSON, mediaRef: 'lessons/math/vieta-kk' } }, 'the signed URL works through the gateway without a token');

  // catalog → outbox → NATS → identity's consumer: the pair is locked (offer 5.7).
  const swap = () => call('PATCH', '/v1/identity/me', student.accessToken, { profileSubjects: ['math', 'informatics'] });
  await eventually(async () => (await swap()).status === 409, through);
  t.equal((await swap()).body.code, 'profile-subject-locked');

  const revoked = await call('POST', `/v1/catalog/admin/entitlements/${granted.body.id}/revoke`, admin.accessToken, { reason: 'test' });
  t.equal(revoked.body.state, 'revoked');
  await eventually(async () => (await swap()).status === 200, through);
  t.equal((await call('GET', `/v1/catalog/content/${LESSON}`, student.accessToken)).status, 403);

  const codes = await platform.stop();
  t.same(codes, { gateway: 0, catalog: 0, identity: 0 }, 'every process shut down cleanly');
});
