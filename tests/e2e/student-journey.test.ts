import t from 'tap';
import { createJooClient, DeviceLimitError, memoryTokenStore, type JooClient } from '@joo/client';
import { eventually, startPlatform } from '@joo/testing';
import { refusal } from './steps.js';

// A valid IIN (the checksum holds): born 2007-05-14, male.
const IIN = '070514500011';
// Identity's revocations must reach the gateway within a second; asked every 25 ms to measure it closely.
const WITHIN_A_SECOND = { timeoutMs: 1000, intervalMs: 25 };

t.test('student journey through the gateway', async (t) => {
  const platform = await startPlatform(t);
  const baseUrl = platform.gatewayUrl;
  const visitor = createJooClient({ baseUrl });

  const regions = await visitor.api.GET('/v1/identity/regions');
  t.equal(regions.response.status, 200);
  const offer = await visitor.get('/v1/identity/offers/current');
  t.ok(offer.text.kk.length > 1000 && offer.text.ru.length > 1000, 'offer text in both languages');

  const registration = {
    fullName: 'Айгерим Сапарова', region: 'almaty', email: 'aigerim@example.kz', phone: '8 (701) 234-56-78',
    password: 'ustaz-keremet-2026', locale: 'kk' as const, acceptOffer: true, offerVersion: offer.version,
  };
  const bad = await refusal(visitor.post('/v1/identity/register', { body: { ...registration, email: 'nope', phone: '+7 912 000 00 00', password: 'qwerty', acceptOffer: false } }));
  t.match(bad, { status: 400, code: 'validation' }, 'bad registration refused');
  t.match(bad.response?.headers.get('content-type'), /application\/problem\+json/);
  t.ok(bad.errors.length >= 4, 'every bad field listed');

  const registered = await visitor.api.POST('/v1/identity/register', { body: registration });
  t.equal(registered.response.status, 201);
  t.match(await refusal(visitor.post('/v1/identity/register', { body: { ...registration, email: 'other@example.kz', phone: '+77012345678' } })), { status: 409 },
    'the same phone in another spelling is taken');

  // One client per device, as each phone keeps its own session.
  const phone = (device: string) => {
    const joo = createJooClient({ baseUrl, tokens: memoryTokenStore() });
    const signIn = (evictOldest?: boolean) => joo.signIn({ login: registration.email, password: registration.password, device: { id: device, name: `Phone ${device}` }, evictOldest });
    return { joo, signIn };
  };
  const phones: JooClient[] = [];
  for (const device of ['d1', 'd2', 'd3']) {
    const p = phone(device);
    t.match(await p.signIn(), { accessToken: /\S/ }, `device ${device} signs in`);
    phones.push(p.joo);
    await new Promise((r) => setTimeout(r, 5)); // distinct lastSeenAt
  }
  const fourth = phone('d4');
  const refused = await fourth.signIn().catch((e: unknown) => e);
  t.ok(refused instanceof DeviceLimitError && refused.status === 409, 'a fourth device is refused');
  t.equal((refused as DeviceLimitError).devices.length, 3);

  const [d1, d2, d3] = phones as [JooClient, JooClient, JooClient];
  const d1Tokens = d1.session.tokens!;
  t.equal((await d1.api.GET('/v1/identity/me')).response.status, 200);

  t.match(await fourth.signIn(true), { accessToken: /\S/ }, 'evictOldest signs the fourth device in, the least recently used one out');
  const evicted = Date.now();
  // The bare access token of the evicted device (no refresh behind it): refused by the gateway.
  const bare = (accessToken: string) => visitor.api.GET('/v1/identity/me', { headers: { authorization: `Bearer ${accessToken}` } });
  await eventually(async () => (await bare(d1Tokens.accessToken)).response.status === 401, WITHIN_A_SECOND);
  const waited = Date.now() - evicted;
  t.ok(waited < 1000, `the evicted token is refused by the gateway within a second (${waited} ms)`);
  // Its refresh token went with the session: the client's refresh is refused and it signs out.
  t.match(await refusal(d1.get('/v1/identity/me')), { status: 401 }, 'the evicted device cannot refresh its way back');
  t.equal(d1.session.tokens, null, 'and its client forgot the pair');

  const d2Before = d2.session.tokens!;
  const refreshed = await d2.session.refresh();
  t.not(refreshed.refreshToken, d2Before.refreshToken, 'refresh rotates');
  const reused = await visitor.api.POST('/v1/identity/refresh', { body: { refreshToken: d2Before.refreshToken } });
  t.equal(reused.response.status, 401, 'a reused refresh token is refused');
  await eventually(async () => (await bare(refreshed.accessToken)).response.status === 401, WITHIN_A_SECOND);
  t.equal((await bare(refreshed.accessToken)).response.status, 401, 'and its whole session is revoked');

  const profile = await d3.api.PATCH('/v1/identity/me', { body: { iin: IIN, untLanguage: 'kk', profileSubjects: ['mathematics', 'physics'] } });
  t.equal(profile.response.status, 200, 'profile with IIN saved');
  t.equal((await d3.get('/v1/identity/me')).iin, IIN, 'the owner sees the IIN');

  const erasure = await d3.api.POST('/v1/identity/me/erasure-request', { body: {} });
  t.equal(erasure.response.status, 202);
  t.match(erasure.data!.scheduledFor, /^\d{4}-\d{2}-01$/, 'erasure runs on the first of next month');

  const codes = await platform.stop();
  t.same(Object.values(codes).filter((c) => c !== 0), [], `every process shut down cleanly: ${JSON.stringify(codes)}`);
});
