import t from 'tap';
import { build } from './helper.js';

t.test('when shutdowns are announced, then the public list shows those not yet passed, soonest first, in kk and ru with the date', async (t) => {
  const b = await build(t, { now: new Date('2026-03-10T06:00:00Z') });
  const announce = (shutdownAt: string, message: { kk: string; ru: string }) => b.app.inject({
    method: 'POST', url: '/v1/notifications/admin/shutdown-notices', headers: b.admin, payload: { shutdownAt, message },
  });
  const list = () => b.app.inject({ url: '/v1/notifications/announcements' });

  const empty = await list();
  t.equal(empty.statusCode, 200, 'public: no token');
  t.same(empty.json(), { items: [] });

  t.equal((await announce('2026-04-01T19:00:00Z', { kk: 'Кейінгі.', ru: 'Позднее.' })).statusCode, 202);
  t.equal((await announce('2026-03-20T04:00:00Z', { kk: 'Жақында.', ru: 'Скоро.' })).statusCode, 202);
  t.equal((await announce('2026-03-14T06:00:00Z', { kk: 'Ерте.', ru: 'Рано.' })).statusCode, 422, 'less than 5 × 24 hours ahead');

  const shown = await list();
  t.match(shown.headers['cache-control'], /max-age=60/);
  t.match(shown.json().items, [
    {
      kind: 'shutdown', at: '2026-03-20T04:00:00.000Z', date: '20.03.2026', announcedAt: '2026-03-10T06:00:00.000Z',
      title: { kk: 'joo.kz порталы жұмысын тоқтатады', ru: 'Портал joo.kz прекращает работу' },
      text: { kk: /20\.03\.2026.*2\.8.*Жақында\./, ru: /20\.03\.2026.*2\.8.*Скоро\./ },
    },
    { at: '2026-04-01T19:00:00.000Z', date: '02.04.2026' }, // 00:00 on 2 April in Almaty
  ]);
  t.equal(shown.json().items.length, 2);

  b.clock.set(new Date('2026-03-20T04:00:01Z'));
  t.same((await list()).json().items.map((a: { date: string }) => a.date), ['02.04.2026'], 'a passed shutdown is no longer shown');
});
