import t from 'tap';
import { startPlatform } from '@joo/testing';
import { createJooClient, DeviceLimitError, memoryTokenStore } from '../src/index.js';

t.test('against the real identity: device limit, evictOldest, and one refresh for concurrent callers', async (t) => {
  const platform = await startPlatform(t, { services: [] });
  const joo = createJooClient({ baseUrl: platform.gatewayUrl });
  const { version } = await joo.get('/v1/identity/offers/current');
  const student = { fullName: 'Ерлан Нұрланұлы', region: 'almaty', email: 'erlan@example.kz', phone: '+7 701 555 66 77', password: 'bilim-kuat-2026', locale: 'kk' as const };
  await joo.post('/v1/identity/register', { body: { ...student, acceptOffer: true, offerVersion: version } });
  const signIn = (device: string, evictOldest?: boolean) =>
    joo.signIn({ login: student.email, password: student.password, device: { id: device, name: `Phone ${device}` }, evictOldest });

  for (const device of ['d1', 'd2', 'd3']) {
    await signIn(device);
    await new Promise((r) => setTimeout(r, 5)); // distinct lastSeenAt
  }
  const limit = await signIn('d4').catch((e: unknown) => e);
  t.ok(limit instanceof DeviceLimitError, 'a fourth device gets a DeviceLimitError');
  t.same((limit as DeviceLimitError).devices.map((d) => d.name).sort(), ['Phone d1', 'Phone d2', 'Phone d3']);
  await signIn('d4', true);
  t.match(await joo.get('/v1/identity/me'), { email: student.email }, 'evictOldest signed the fourth in');

  // Identity revokes the whole session when a refresh token is used twice: ten callers whose
  // token is refused must share one refresh, or all of them end up signed out.
  const { refreshToken } = joo.session.tokens!;
  const store = memoryTokenStore({ accessToken: 'expired.or.garbage', refreshToken });
  const phone = createJooClient({ baseUrl: platform.gatewayUrl, tokens: store });
  const answers = await Promise.all(Array.from({ length: 10 }, () => phone.get('/v1/identity/me')));
  t.ok(answers.every((me) => me.email === student.email), 'every concurrent call succeeded after the refresh');
  t.not(store.load()!.refreshToken, refreshToken, 'the refresh token rotated');
  t.match(await phone.get('/v1/identity/me'), { email: student.email }, 'and the session is still alive');

  const codes = await platform.stop();
  t.same(Object.values(codes).filter((c) => c !== 0), [], `every process shut down cleanly: ${JSON.stringify(codes)}`);
});
