import t from 'tap';
import { build, outboxEvents } from './helper.js';
import { announceOpenedWindows } from '../src/usecases/windows.js';

// Wednesday 2 December 2026, 12:00 in Almaty: the weekly window (Sunday 10:00–22:00) is days away.
const WEDNESDAY = new Date('2026-12-02T07:00:00Z');
const HOUR = 3_600_000;
const at = (hours: number) => new Date(WEDNESDAY.getTime() + hours * HOUR).toISOString();

t.test('when an admin adds windows, then good ones are listed beside the weekly one and bad or overlapping ones are refused', async (t) => {
  const b = await build(t, { now: WEDNESDAY });
  const add = (opensAt: string, closesAt: string, headers = b.admin) =>
    b.app.inject({ method: 'POST', url: '/v1/practice/admin/windows', headers, payload: { opensAt, closesAt } });

  const created = await add(at(1), at(5));
  t.equal(created.statusCode, 201);
  const { id } = created.json();

  const refused = async (res: Awaited<ReturnType<typeof add>>) => `${res.statusCode} ${res.json().code}`;
  t.equal(await refused(await add(at(5), at(1))), '400 validation', 'closes before it opens');
  t.equal(await refused(await add(at(1), at(1.2))), '400 validation', 'shorter than 30 minutes');
  t.equal(await refused(await add(at(1), at(1 + 8 * 24))), '400 validation', 'longer than 7 days');
  t.equal(await refused(await add(at(-5), at(-1))), '400 validation', 'over already');
  t.equal(await refused(await add(at(4), at(8))), '409 window-overlaps', 'overlaps the admin window');
  t.equal(await refused(await add(at(4 * 24), at(4 * 24 + 6))), '409 window-overlaps', 'overlaps Sunday 10:00–22:00 Almaty');
  t.equal((await add(at(5), at(9))).statusCode, 201, 'touching is not overlapping');
  t.equal((await add(at(10), at(12), b.as('someone'))).statusCode, 403);
  t.equal((await b.app.inject({ method: 'POST', url: '/v1/practice/admin/windows', headers: b.admin, payload: { opensAt: 'soon', closesAt: at(2) } })).statusCode, 400);

  const list = await b.app.inject({ method: 'GET', url: '/v1/practice/windows' });
  t.equal(list.statusCode, 200);
  const items = list.json().items;
  t.same(items.map((w: { source: string }) => w.source), ['admin', 'admin', 'weekly']);
  t.equal(items[0].id, id);
  t.same(items[2], { id: items[2].id, opensAt: '2026-12-06T05:00:00.000Z', closesAt: '2026-12-06T17:00:00.000Z', source: 'weekly', open: false });

  b.clock.now = new Date(at(2));
  t.same((await b.app.inject({ method: 'GET', url: '/v1/practice/windows' })).json().items.map((w: { open: boolean }) => w.open), [true, false, false]);
});

t.test('when windows open, then each is announced once however many tickers run', async (t) => {
  const b = await build(t, { now: WEDNESDAY });
  const res = await b.app.inject({ method: 'POST', url: '/v1/practice/admin/windows', headers: b.admin, payload: { opensAt: at(1), closesAt: at(3) } });
  t.equal(await announceOpenedWindows(b.ctx, WEDNESDAY), 0, 'nothing has opened yet');

  const opened = new Date(at(1.5));
  const counts = await Promise.all([announceOpenedWindows(b.ctx, opened), announceOpenedWindows(b.ctx, opened), announceOpenedWindows(b.ctx, opened)]);
  t.equal(counts.reduce((n, c) => n + c, 0), 1);
  t.equal(await announceOpenedWindows(b.ctx, new Date(at(2))), 0, 'a restart does not announce it again');

  const sunday = new Date('2026-12-06T06:00:00Z');
  t.equal(await announceOpenedWindows(b.ctx, sunday), 1, 'the weekly window, stored and announced when it opens');
  const events = await outboxEvents(b.pool, 'practice.mock.window.opened.v1');
  t.same(events.map((e) => e.data.source), ['admin', 'weekly']);
  t.same(events[0]!.data, { windowId: res.json().id, opensAt: at(1), closesAt: at(3), source: 'admin' });
  t.equal(events[1]!.data.opensAt, '2026-12-06T05:00:00.000Z');
});

t.test('when the weekly default is off, then only admin windows exist', async (t) => {
  const b = await build(t, { now: WEDNESDAY, weekly: null });
  t.same((await b.app.inject({ method: 'GET', url: '/v1/practice/windows' })).json().items, []);
  t.equal((await b.app.inject({ method: 'POST', url: '/v1/practice/admin/windows', headers: b.admin, payload: { opensAt: at(4 * 24), closesAt: at(4 * 24 + 6) } })).statusCode, 201);
});
