import t from 'tap';
import { eventually, startPlatform } from '@joo/testing';
import { client } from './http.js';

// A valid IIN (the checksum holds): born 2007-05-14, male.
const IIN = '070514500011';
// Identity's revocations must reach the gateway within a second; asked every 25 ms to measure it closely.
const WITHIN_A_SECOND = { timeoutMs: 1000, intervalMs: 25 };

t.test('student journey through the gateway', async (t) => {
  const platform = await startPlatform(t);
  const call = client(platform.gatewayUrl);

  const regions = await call('GET', '/v1/identity/regions');
  t.equal(regions.status, 200);
  const offer = await call('GET', '/v1/identity/offers/current');
  t.equal(offer.status, 200);
  t.ok(offer.body.text.kk.length > 1000 && offer.body.text.ru.length > 1000, 'offer text in both languages');

  const registration = {
    fullName: 'Айгерим Сапарова', region: 'almaty', email: 'aigerim@example.kz', phone: '8 (701) 234-56-78',
    password: 'ustaz-keremet-2026', locale: 'kk', acceptOffer: true, offerVersion: offer.body.version,
  };
  const bad = await call('POST', '/v1/identity/register', { body: { ...registration, email: 'nope', phone: '+7 912 000 00 00', password: 'qwerty', acceptOffer: false } });
  t.equal(bad.status, 400, 'bad registration refused');
  t.match(bad.headers.get('content-type'), /application\/problem\+json/);
  t.ok(bad.body.errors.length >= 4, 'every bad field listed');

  const registered = await call('POST', '/v1/identity/register', { body: registration });
  t.equal(registered.status, 201);
  const again = await call('POST', '/v1/identity/register', { body: { ...registration, email: 'other@example.kz', phone: '+77012345678' } });
  t.equal(again.status, 409, 'the same phone in another spelling is taken');

  const login = (device: string, extra: Record<string, unknown> = {}) =>
    call('POST', '/v1/identity/login', { body: { login: registration.email, password: registration.password, device: { id: device, name: `Phone ${device}` }, ...extra } });
  const sessions: Array<{ accessToken: string; refreshToken: string }> = [];
  for (const device of ['d1', 'd2', 'd3']) {
    const res = await login(device);
    t.equal(res.status, 200, `device ${device} signs in`);
    sessions.push(res.body);
    await new Promise((r) => setTimeout(r, 5)); // distinct lastSeenAt
  }
  const fourth = await login('d4');
  t.equal(fourth.status, 409, 'a fourth device is refused');
  t.equal(fourth.body.devices.length, 3);

  const me = await call('GET', '/v1/identity/me', { token: sessions[0]!.accessToken });
  t.equal(me.status, 200);

  const evicting = await login('d4', { evictOldest: true });
  t.equal(evicting.status, 200, 'evictOldest signs the least recently used device out');
  const evicted = Date.now();
  await eventually(async () => (await call('GET', '/v1/identity/me', { token: sessions[0]!.accessToken })).status === 401, WITHIN_A_SECOND);
  const waited = Date.now() - evicted;
  t.ok(waited < 1000, `the evicted token is refused by the gateway within a second (${waited} ms)`);

  const refreshed = await call('POST', '/v1/identity/refresh', { body: { refreshToken: sessions[1]!.refreshToken } });
  t.equal(refreshed.status, 200, 'refresh rotates');
  t.not(refreshed.body.refreshToken, sessions[1]!.refreshToken);
  const reused = await call('POST', '/v1/identity/refresh', { body: { refreshToken: sessions[1]!.refreshToken } });
  t.equal(reused.status, 401, 'a reused refresh token is refused');
  await eventually(async () => (await call('GET', '/v1/identity/me', { token: refreshed.body.accessToken })).status === 401, WITHIN_A_SECOND);
  t.equal((await call('GET', '/v1/identity/me', { token: refreshed.body.accessToken })).status, 401, 'and its whole session is revoked');

  const token = sessions[2]!.accessToken;
  const profile = await call('PATCH', '/v1/identity/me', { token, body: { iin: IIN, untLanguage: 'kk', profileSubjects: ['mathematics', 'physics'] } });
  t.equal(profile.status, 200, 'profile with IIN saved');
  t.equal((await call('GET', '/v1/identity/me', { token })).body.iin, IIN, 'the owner sees the IIN');

  const erasure = await call('POST', '/v1/identity/me/erasure-request', { token, body: {} });
  t.equal(erasure.status, 202);
  t.match(erasure.body.scheduledFor, /^\d{4}-\d{2}-01$/, 'erasure runs on the first of next month');

  const codes = await platform.stop();
  t.same(Object.values(codes).filter((c) => c !== 0), [], `every process shut down cleanly: ${JSON.stringify(codes)}`);
});
