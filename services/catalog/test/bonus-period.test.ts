import t from 'tap';
import { uuidv7 } from 'uuidv7';
import { isCourseTime } from '../src/domain/entitlement-window.js';
import { build, outbox, STANDARD_PACKAGE_ID } from './helper.js';

t.test('course time is within the window and before the course ends; no course end means all of it', async (t) => {
  const window = { validFrom: new Date('2026-02-01T00:00:00Z'), courseUntil: new Date('2026-06-01T00:00:00Z'), validUntil: new Date('2026-07-01T00:00:00Z') };
  t.ok(isCourseTime(window, new Date('2026-05-31T23:59:59Z')));
  t.notOk(isCourseTime(window, new Date('2026-06-01T00:00:00Z')), 'the bonus period starts at courseUntil');
  t.notOk(isCourseTime(window, new Date('2026-07-02T00:00:00Z')), 'nor after the window');
  t.ok(isCourseTime({ ...window, courseUntil: null }, new Date('2026-06-15T00:00:00Z')));
});

t.test('when a package reaches its bonus period, then recorded lessons stay open, live lessons close with their own code, and the grant told when', async (t) => {
  const b = await build(t, { now: new Date('2026-02-01T08:00:00Z') });
  const admin = b.as(uuidv7(), ['admin']);
  const student = uuidv7();
  const live = await b.app.inject({
    method: 'POST', url: '/v1/catalog/admin/content', headers: admin,
    payload: { type: 'live', subject: 'math', languages: ['ru'], title: { ru: 'Эфир: квадратные уравнения' }, mediaRef: 'live/math/quadratic', startsAt: '2026-03-01T13:00:00Z', durationMinutes: 90, productIds: [STANDARD_PACKAGE_ID] },
  });
  t.equal(live.statusCode, 201);
  const lesson = await b.app.inject({
    method: 'POST', url: '/v1/catalog/admin/content', headers: admin,
    payload: { type: 'lesson', subject: 'math', languages: ['ru'], title: { ru: 'Урок: теорема Виета' }, mediaRef: 'lessons/math/vieta', durationMinutes: 40, productIds: [STANDARD_PACKAGE_ID] },
  });
  t.equal(lesson.statusCode, 201);
  const granted = await b.app.inject({ method: 'POST', url: '/v1/catalog/admin/entitlements', headers: admin, payload: { userId: student, productId: STANDARD_PACKAGE_ID, profileSubject: 'math-physics' } });
  t.equal(granted.statusCode, 201);
  t.match(granted.json(), { courseUntil: '2026-06-01T08:00:00.000Z', validUntil: '2026-07-01T08:00:00.000Z' }, 'four months of course, then 30 bonus days');
  const [event] = await outbox(b.pool, 'catalog.entitlement.granted.v1', student);
  t.match(event, { courseUntil: '2026-06-01T08:00:00.000Z', validUntil: '2026-07-01T08:00:00.000Z' }, 'the grant event publishes courseUntil');

  const open = (id: string) => b.app.inject({ method: 'GET', url: `/v1/catalog/content/${id}`, headers: b.as(student) });
  t.equal((await open(live.json().id)).statusCode, 200, 'live in course time');
  t.equal((await open(lesson.json().id)).statusCode, 200, 'recorded in course time');

  b.clock.set(new Date('2026-06-10T08:00:00Z'));
  const closed = await open(live.json().id);
  t.equal(closed.statusCode, 403, 'live in the bonus period');
  t.match(closed.json(), { code: 'live-ended-in-bonus', type: /live-ended-in-bonus$/ });
  t.equal((await open(lesson.json().id)).statusCode, 200, 'recorded lessons stay open in the bonus period');

  b.clock.set(new Date('2026-07-01T08:00:00Z'));
  t.match((await open(lesson.json().id)).json(), { code: 'no-entitlement' }, 'after the bonus, nothing');
  t.match((await open(live.json().id)).json(), { code: 'no-entitlement' });
});

t.test('when an admin shortens a window below the course, then the course ends with it', async (t) => {
  const b = await build(t, { now: new Date('2026-02-01T08:00:00Z') });
  const granted = await b.app.inject({
    method: 'POST', url: '/v1/catalog/admin/entitlements', headers: b.as(uuidv7(), ['admin']),
    payload: { userId: uuidv7(), productId: STANDARD_PACKAGE_ID, validUntil: '2026-03-01T00:00:00Z' },
  });
  t.match(granted.json(), { courseUntil: '2026-03-01T00:00:00.000Z', validUntil: '2026-03-01T00:00:00.000Z' });
});

t.test('when the migration meets entitlements granted before it, then their course end comes from the terms bought', async (t) => {
  const b = await build(t, { now: new Date('2026-02-01T08:00:00Z') });
  const granted = (await b.app.inject({
    method: 'POST', url: '/v1/catalog/admin/entitlements', headers: b.as(uuidv7(), ['admin']), payload: { userId: uuidv7(), productId: STANDARD_PACKAGE_ID },
  })).json();
  await b.pool.query('UPDATE entitlements SET course_until = NULL');
  const { readFile } = await import('node:fs/promises');
  const sql = await readFile(new URL('../migrations/007_course_until.sql', import.meta.url), 'utf8');
  await b.pool.query(sql.slice(sql.indexOf('UPDATE entitlements')));
  const { rows } = await b.pool.query<{ course_until: Date }>('SELECT course_until FROM entitlements WHERE id = $1', [granted.id]);
  t.equal(rows[0]!.course_until.toISOString(), granted.courseUntil, 'the same instant accessWindow computes');
});
