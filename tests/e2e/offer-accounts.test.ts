import t from 'tap';
import { eventually, startPlatform } from '@joo/testing';
import { client } from './http.js';

t.test('offer refusal and re-acceptance, and a version announced ahead of its date, through the gateway', async (t) => {
  const platform = await startPlatform(t);
  const call = client(platform.gatewayUrl);
  const device = { id: 'laptop', name: 'Laptop' };

  const offer = await call('GET', '/v1/identity/offers/current');
  const student = {
    fullName: 'Дана Серікқызы', region: 'almaty', email: 'dana@example.kz', phone: '+7 777 300 40 50', password: 'Oqu-Jyly-Bastaldy-2026',
    locale: 'kk', acceptOffer: true, offerVersion: offer.body.version,
  };
  t.equal((await call('POST', '/v1/identity/register', { body: student })).status, 201);
  const first = await call('POST', '/v1/identity/login', { body: { login: student.email, password: student.password, device } });
  t.equal(first.status, 200);

  // Refuse → signed out; the right password gets 403 with the offer; accepting it signs in again.
  t.equal((await call('POST', '/v1/identity/me/offer-refusal', { token: first.body.accessToken })).status, 204);
  await eventually(async () => (await call('GET', '/v1/identity/me', { token: first.body.accessToken })).status === 401, { timeoutMs: 5000, intervalMs: 50 });
  const refused = await call('POST', '/v1/identity/login', { body: { login: student.email, password: student.password, device } });
  t.equal(refused.status, 403);
  t.match(refused.body, { code: 'offer-acceptance-required', offer: { version: offer.body.version } });
  t.equal((await call('GET', refused.body.offer.url)).status, 200, 'the offer named can be read');
  const wrong = await call('POST', '/v1/identity/offer-acceptance', { body: { login: student.email, password: 'not-the-password-1', device } });
  t.equal(wrong.status, 401);
  const accepted = await call('POST', '/v1/identity/offer-acceptance', {
    body: { login: student.email, password: student.password, device, offerVersion: offer.body.version },
  });
  t.equal(accepted.status, 200);
  t.match((await call('GET', '/v1/identity/me', { token: accepted.body.accessToken })).body, { status: 'active' });
  t.equal((await call('POST', '/v1/identity/login', { body: { login: student.email, password: student.password, device } })).status, 200, 'login works again');

  // A version announced a few seconds ahead: users are told now, it becomes current at effectiveAt.
  const admin = await call('POST', '/v1/identity/login', { body: { login: platform.admin.email, password: platform.admin.password, device: { id: 'admin', name: 'Admin' } } });
  const effectiveAt = new Date(Date.now() + 30_000).toISOString();
  const published = await call('POST', '/v1/identity/admin/offers', {
    token: admin.body.accessToken, body: { text: { kk: 'Келесі редакция', ru: 'Следующая редакция' }, summary: { kk: 'Өзгерістер', ru: 'Изменения' }, effectiveAt },
  });
  t.equal(published.status, 201);
  t.equal((await call('GET', '/v1/identity/offers/current')).body.version, offer.body.version, 'not current before its date');
  t.match((await call('GET', '/v1/identity/offers')).body.items[0], { version: published.body.version, current: false });
  await eventually(async () => {
    const inbox = await call('GET', '/v1/notifications/me', { token: accepted.body.accessToken });
    return inbox.status === 200 && inbox.body.items.some((m: { template?: string }) => m.template === 'offer_published');
  }, { timeoutMs: 25_000, intervalMs: 250 });
  t.ok(Date.now() < Date.parse(effectiveAt), 'the student was told about the new version before it took effect');
  await eventually(async () => (await call('GET', '/v1/identity/offers/current')).body.version === published.body.version, { timeoutMs: 60_000, intervalMs: 500 });
  t.match((await call('GET', '/v1/identity/offers')).body.items[0], { version: published.body.version, current: true });

  await platform.stop();
});
