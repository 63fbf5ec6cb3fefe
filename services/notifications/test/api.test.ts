import t from 'tap';
import { UserRegistered } from '@joo/contracts';
import { apply, build, envelope, registered } from './helper.js';

const DAY = new Date('2026-03-10T06:00:00Z'); // 11:00 Almaty
const NIGHT = new Date('2026-03-10T17:30:00Z'); // 22:30 Almaty

t.test('when a user reads their messages, then they get their own, newest first, page by page', async (t) => {
  const b = await build(t, { now: DAY });
  const me = registered({ locale: 'ru' });
  const other = registered();
  await apply(b.ctx, envelope(UserRegistered, other.userId, other.data));
  for (let i = 0; i < 3; i += 1) {
    b.clock.advance(60_000);
    await apply(b.ctx, envelope(UserRegistered, me.userId, me.data)); // a new event id each time: 2 messages each
  }
  await b.drain();
  const first = await b.app.inject({ method: 'GET', url: '/v1/notifications/me?limit=4', headers: b.bearerOf(me.userId) });
  t.equal(first.statusCode, 200);
  const page1 = first.json();
  t.equal(page1.items.length, 4);
  t.ok(page1.nextCursor);
  t.match(page1.items[0], { channel: /email|sms/, template: 'welcome', locale: 'ru', body: /Здравствуйте|добро пожаловать/, status: 'sent' });
  const second = (await b.app.inject({ method: 'GET', url: `/v1/notifications/me?limit=4&cursor=${page1.nextCursor}`, headers: b.bearerOf(me.userId) })).json();
  t.equal(second.items.length, 2);
  t.equal(second.nextCursor, null);
  const all = [...page1.items, ...second.items];
  t.equal(new Set(all.map((m: any) => m.id)).size, 6, 'no message twice');
  const times = all.map((m: any) => m.createdAt);
  t.same(times, [...times].sort().reverse(), 'newest first');
  t.notOk(all.some((m: any) => m.body.includes(other.data.fullName)), 'only my own');
  t.equal((await b.app.inject({ method: 'GET', url: '/v1/notifications/me' })).statusCode, 401);
  const forged = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url');
  t.equal((await b.app.inject({ method: 'GET', url: `/v1/notifications/me?cursor=${forged}`, headers: b.bearerOf(me.userId) })).statusCode, 400);
});

async function audience(b: Awaited<ReturnType<typeof build>>) {
  const users = {
    kkAll: registered({ locale: 'kk', region: 'almaty', consents: { marketingEmail: true, marketingSms: true, marketingCalls: true } }),
    ruEmail: registered({ locale: 'ru', region: 'astana', consents: { marketingEmail: true } }),
    none: registered({ locale: 'ru', region: 'almaty' }),
  };
  for (const u of Object.values(users)) await apply(b.ctx, envelope(UserRegistered, u.userId, u.data));
  await b.drain();
  b.sendgrid.received.length = 0;
  b.twilio.received.length = 0;
  return users;
}

t.test('when an admin broadcasts, then only consenting users of the audience get it per channel, and progress shows', async (t) => {
  const b = await build(t, { now: DAY });
  const users = await audience(b);
  const res = await b.app.inject({
    method: 'POST', url: '/v1/notifications/admin/broadcasts', headers: b.admin,
    payload: { audience: {}, channels: ['email', 'sms', 'voice'], subject: { kk: 'Жаңалық', ru: 'Новость' }, body: { kk: 'Сәлем {{name}}', ru: 'Привет {{name}}' } },
  });
  t.equal(res.statusCode, 202, res.body);
  const id = res.json().id;
  t.match(res.json(), { status: 'scheduled', kind: 'marketing', total: null });
  await b.drain();
  const progress = (await b.app.inject({ method: 'GET', url: `/v1/notifications/admin/broadcasts/${id}`, headers: b.admin })).json();
  t.match(progress, { status: 'expanded', total: 4, counts: { sent: 4, pending: 0, failed: 0 } });
  t.same(b.sendgrid.received.map((m) => m.to[0]).sort(), [users.kkAll.data.email, users.ruEmail.data.email].sort());
  t.same(b.twilio.messages().map((m) => m.to), [users.kkAll.data.phone]);
  t.same(b.twilio.calls().map((m) => m.to), [users.kkAll.data.phone]);
  t.equal(b.sendgrid.received.find((m) => m.to[0] === users.kkAll.data.email)!.text, 'Сәлем {{name}}', 'the admin text is sent as written');
  t.match(b.twilio.calls()[0]!.body, /<Say language="ru-RU">Привет \{\{name\}\}<\/Say>/, 'calls read the Russian text');
});

t.test('when a broadcast has an audience, a template and a schedule, then it waits and goes to that audience only', async (t) => {
  const b = await build(t, { now: DAY });
  const users = await audience(b);
  const at = new Date(DAY.getTime() + 3_600_000).toISOString();
  const res = await b.app.inject({
    method: 'POST', url: '/v1/notifications/admin/broadcasts', headers: b.admin,
    payload: { audience: { regions: ['almaty'], locales: ['kk'] }, channels: ['email', 'sms'], template: 'new_materials', scheduleAt: at },
  });
  t.equal(res.statusCode, 202, res.body);
  await b.drain();
  t.equal(b.sendgrid.received.length, 0, 'not before scheduleAt');
  b.clock.set(new Date(at));
  await b.drain();
  t.same(b.sendgrid.received.map((m) => m.to[0]), [users.kkAll.data.email]);
  t.match(b.sendgrid.received[0]!.subject, /ҰБТ/);
  t.equal(b.twilio.messages().length, 1);
});

t.test('when a marketing broadcast is scheduled for the night, then e-mail goes and SMS waits for 09:00', async (t) => {
  const b = await build(t, { now: NIGHT });
  await audience(b);
  await b.app.inject({ method: 'POST', url: '/v1/notifications/admin/broadcasts', headers: b.admin, payload: { audience: {}, channels: ['email', 'sms'], template: 'subscription_offer' } });
  await b.drain();
  t.equal(b.sendgrid.received.length, 2);
  t.equal(b.twilio.messages().length, 0);
  const pending = await b.app.metrics.metrics();
  t.match(pending, /joo_notifications_pending\{service="notifications"\} 1/);
  b.clock.set(new Date('2026-03-11T04:00:00Z'));
  await b.drain();
  t.equal(b.twilio.messages().length, 1);
});

t.test('when a broadcast is malformed, then it is refused with a problem', async (t) => {
  const b = await build(t, { now: DAY });
  const post = (payload: unknown, headers = b.admin) => b.app.inject({ method: 'POST', url: '/v1/notifications/admin/broadcasts', headers, payload: payload as object });
  t.equal((await post({ audience: {}, channels: ['email'] })).statusCode, 400, 'neither template nor body');
  t.equal((await post({ audience: {}, channels: ['email'], template: 'new_materials', body: { kk: 'a', ru: 'b' } })).statusCode, 400, 'both');
  t.equal((await post({ audience: {}, channels: ['email'], body: { kk: 'a', ru: 'b' } })).statusCode, 400, 'e-mail without subject');
  t.equal((await post({ audience: {}, channels: ['email'], template: 'welcome' })).statusCode, 422, 'not a broadcast template');
  t.equal((await post({ audience: {}, channels: [], template: 'new_materials' })).statusCode, 400);
  t.equal((await post({ audience: {}, channels: ['sms'], template: 'new_materials' }, b.bearerOf('student-1'))).statusCode, 403);
  t.equal((await b.app.inject({ method: 'GET', url: '/v1/notifications/admin/broadcasts/0190aaaa-bbbb-7ccc-8ddd-eeeeffff0000', headers: b.admin })).statusCode, 404);
});

t.test('when a shutdown is announced less than 5 × 24 hours ahead, then 422; otherwise every user is told, consent or not', async (t) => {
  const b = await build(t, { now: new Date('2026-03-10T18:30:00Z') }); // 23:30 on 10 March, Almaty
  const users = await audience(b);
  const notice = (shutdownAt: string) => b.app.inject({
    method: 'POST', url: '/v1/notifications/admin/shutdown-notices', headers: b.admin,
    payload: { shutdownAt, message: { kk: 'Рахмет!', ru: 'Спасибо!' } },
  });
  const early = await notice('2026-03-15T18:29:00Z'); // a minute short of 120 hours
  t.equal(early.statusCode, 422);
  t.match(early.json(), { code: 'shutdown-too-soon', earliestShutdownAt: '2026-03-15T18:30:00.000Z' });
  t.equal((await b.pool.query('SELECT count(*)::int AS n FROM broadcasts')).rows[0].n, 0, 'nothing queued');
  const ok = await notice('2026-03-15T18:30:00Z'); // 23:30 on 15 March: 120 hours
  t.equal(ok.statusCode, 202, ok.body);
  t.match(ok.json(), { kind: 'shutdown', channels: ['email', 'sms'] });
  await b.drain();
  t.equal(b.sendgrid.received.length, 3, 'every user, without marketing consent too');
  t.equal(b.twilio.messages().length, 3, 'SMS at night too: it is transactional');
  const kk = b.sendgrid.received.find((m) => m.to[0] === users.kkAll.data.email)!;
  t.match(kk.text, /15\.03\.2026.*2\.8.*Рахмет!/);
  t.equal((await notice('yesterday')).statusCode, 400);
});
