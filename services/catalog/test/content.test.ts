import t from 'tap';
import { uuidv7 } from 'uuidv7';
import { testLogLevel } from '@joo/testing';
import { buildApp } from '../src/app.js';
import { build, metric, PLAYBACK_KEY, PREMIUM_PACKAGE_ID, PUBLIC_BASE, STANDARD_PACKAGE_ID } from './helper.js';

const MATH_KK = '01940000-0000-7000-8000-0000000c0001';
const PREMIUM_ONLY = '01940000-0000-7000-8000-0000000c0008';

t.test('when content is listed with filters, then only matching published items come, a page at a time', async (t) => {
  const { app } = await build(t);
  const list = async (query: string) => (await app.inject({ method: 'GET', url: `/v1/catalog/content?${query}` })).json();
  t.equal((await list('')).items.length, 8);
  t.same((await list('subject=math')).items.map((i: { id: string }) => i.id).sort(), [MATH_KK, '01940000-0000-7000-8000-0000000c0002']);
  for (const item of (await list('lang=kk')).items) t.ok(item.languages.includes('kk'));
  t.equal((await list('lang=kk')).items.length, 5);
  t.same((await list('type=live')).items.map((i: { type: string; startsAt: string }) => [i.type, typeof i.startsAt]), [['live', 'string'], ['live', 'string']]);
  t.equal((await list(`product=${STANDARD_PACKAGE_ID}`)).items.length, 7);
  t.equal((await list('subject=math&lang=ru&type=lesson')).items.length, 1);
  t.notOk('mediaRef' in (await list('')).items[0], 'where the media lives is not public');

  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Array<{ id: string }>; nextCursor: string | null } = await list(`limit=3${cursor ? `&cursor=${cursor}` : ''}`);
    seen.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
  } while (cursor);
  t.equal(seen.length, 8);
  t.equal(new Set(seen).size, 8, 'no item twice');
});

t.test('when a student opens content, then access follows their entitlements and the playback URL works for them only', async (t) => {
  const { app, as, clock } = await build(t, { now: new Date('2026-02-01T08:00:00Z') });
  const student = uuidv7();
  const admin = as(uuidv7(), ['admin']);
  const open = (id: string, headers = as(student)) => app.inject({ method: 'GET', url: `/v1/catalog/content/${id}`, headers });

  t.equal((await app.inject({ method: 'GET', url: `/v1/catalog/content/${MATH_KK}` })).statusCode, 401);
  const denied = await open(MATH_KK);
  t.equal(denied.statusCode, 403);
  t.match(denied.json(), { type: /no-entitlement$/, code: 'no-entitlement' });

  const granted = await app.inject({ method: 'POST', url: '/v1/catalog/admin/entitlements', headers: admin, payload: { userId: student, productId: STANDARD_PACKAGE_ID, profileSubject: 'math-physics' } });
  t.equal(granted.statusCode, 201);
  t.match(granted.json(), { state: 'active', validUntil: '2026-07-01T08:00:00.000Z', grantedBy: 'admin' });

  const opened = await open(MATH_KK);
  t.equal(opened.statusCode, 200);
  const body = opened.json();
  t.match(body, { id: MATH_KK, type: 'lesson', playbackExpiresAt: '2026-02-01T08:05:00.000Z' });
  t.ok(body.playbackUrl.startsWith(`${PUBLIC_BASE}/v1/catalog/playback/${MATH_KK}?`));
  t.equal((await open(PREMIUM_ONLY)).statusCode, 403, 'Standard does not open Premium-only content');
  t.equal((await open(PREMIUM_ONLY, admin)).statusCode, 200, 'an admin opens everything');

  const url = new URL(body.playbackUrl);
  const play = (path: string) => app.inject({ method: 'GET', url: path });
  const media = await play(url.pathname + url.search);
  t.equal(media.statusCode, 200);
  t.match(media.json(), { contentId: MATH_KK, mediaRef: 'lessons/math/vieta-kk' });
  t.equal(media.headers['cache-control'], 'private, no-store');

  const stolen = new URL(url);
  stolen.searchParams.set('user', uuidv7());
  t.match((await play(stolen.pathname + stolen.search)).json(), { status: 403, code: 'bad-playback-signature' });
  const moved = url.pathname.replace(MATH_KK, '01940000-0000-7000-8000-0000000c0002') + url.search;
  t.equal((await play(moved)).statusCode, 403, 'a URL for one item does not open another');

  clock.set(new Date('2026-02-01T08:05:00Z'));
  t.match((await play(url.pathname + url.search)).json(), { status: 403, code: 'playback-link-expired' });

  clock.set(new Date('2026-07-01T08:00:00Z'));
  t.equal((await open(MATH_KK)).statusCode, 403, 'the entitlement has run out');

  t.equal(await metric(app, 'joo_catalog_content_access_total', 'outcome="granted"'), 2);
  t.equal(await metric(app, 'joo_catalog_content_access_total', 'outcome="denied"'), 3);
});

t.test('when an admin adds, changes and archives content, then it is checked and archived items disappear for students', async (t) => {
  const { app, as } = await build(t);
  const admin = as(uuidv7(), ['admin']);
  const live = {
    type: 'live', subject: 'physics', languages: ['ru'], title: { ru: 'Эфир: электричество' }, mediaRef: 'live/physics/electricity',
    startsAt: '2027-03-01T13:00:00Z', durationMinutes: 90, productIds: [PREMIUM_PACKAGE_ID],
  };
  const bad = async (payload: Record<string, unknown>, status: number, field: string) => {
    const res = await app.inject({ method: 'POST', url: '/v1/catalog/admin/content', headers: admin, payload: { ...live, ...payload } });
    t.equal(res.statusCode, status, JSON.stringify(payload));
    t.match(res.json().errors, [{ field }]);
  };
  await bad({ subject: 'astrology' }, 400, '/subject');
  await bad({ title: { kk: 'Эфир' } }, 400, '/title');
  await bad({ startsAt: null }, 400, '/startsAt');
  await bad({ productIds: [uuidv7()] }, 422, '/productIds');

  const created = await app.inject({ method: 'POST', url: '/v1/catalog/admin/content', headers: admin, payload: live });
  t.equal(created.statusCode, 201);
  const id = created.json().id;
  t.match(created.json(), { type: 'live', startsAt: '2027-03-01T13:00:00.000Z', productIds: [PREMIUM_PACKAGE_ID], status: 'published' });

  const changed = await app.inject({ method: 'PATCH', url: `/v1/catalog/admin/content/${id}`, headers: admin, payload: { startsAt: '2027-03-02T13:00:00Z', productIds: [STANDARD_PACKAGE_ID, PREMIUM_PACKAGE_ID] } });
  t.equal(changed.statusCode, 200);
  t.equal(changed.json().startsAt, '2027-03-02T13:00:00.000Z');
  t.equal(changed.json().productIds.length, 2);
  const broken = await app.inject({ method: 'PATCH', url: `/v1/catalog/admin/content/${id}`, headers: admin, payload: { type: 'lesson' } });
  t.equal(broken.statusCode, 400, 'a lesson cannot keep a broadcast time');

  t.equal((await app.inject({ method: 'DELETE', url: `/v1/catalog/admin/content/${id}`, headers: admin })).json().status, 'archived');
  const publicList = (await app.inject({ method: 'GET', url: '/v1/catalog/content?subject=physics' })).json();
  t.notOk(publicList.items.some((i: { id: string }) => i.id === id));
  t.equal((await app.inject({ method: 'GET', url: `/v1/catalog/content/${id}`, headers: as(uuidv7()) })).statusCode, 404);
  const adminList = (await app.inject({ method: 'GET', url: '/v1/catalog/admin/content?subject=physics', headers: admin })).json();
  t.ok(adminList.items.some((i: { id: string; status: string }) => i.id === id && i.status === 'archived'));
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/catalog/admin/content/${uuidv7()}`, headers: admin, payload: { mediaRef: 'x' } })).statusCode, 404);
});

t.test('when students open content at the same moment, then each is answered for themselves, from one access query', async (t) => {
  const { app, as, pool } = await build(t, { now: new Date('2026-02-01T08:00:00Z') });
  const admin = as(uuidv7(), ['admin']);
  const [standard, premium, nobody] = [uuidv7(), uuidv7(), uuidv7()];
  for (const [userId, productId] of [[standard, STANDARD_PACKAGE_ID], [premium, PREMIUM_PACKAGE_ID]] as const) {
    t.equal((await app.inject({ method: 'POST', url: '/v1/catalog/admin/entitlements', headers: admin, payload: { userId, productId } })).statusCode, 201);
  }
  const statements: string[] = [];
  const query = pool.query.bind(pool);
  pool.query = ((config: string | { text: string }, ...rest: unknown[]) => {
    statements.push(typeof config === 'string' ? config : config.text);
    return (query as (...args: unknown[]) => unknown)(config, ...rest);
  }) as typeof pool.query;
  t.teardown(() => { pool.query = query; });

  const open = (id: string, userId: string) => app.inject({ method: 'GET', url: `/v1/catalog/content/${id}`, headers: as(userId) });
  const answers = await Promise.all([open(MATH_KK, standard), open(PREMIUM_ONLY, standard), open(PREMIUM_ONLY, premium), open(MATH_KK, nobody)]);
  t.same(answers.map((a) => a.statusCode), [200, 403, 200, 403]);
  t.ok(new URL(answers[0]!.json().playbackUrl).searchParams.get('user') === standard, 'the playback URL is bound to its own student');
  t.ok(new URL(answers[2]!.json().playbackUrl).searchParams.get('user') === premium);
  t.equal(statements.filter((text) => /JOIN entitlements/.test(text)).length, 1, 'one access query for the four');
});

t.test('when a token names a subject that is not a user id, then it owns nothing and nothing fails', async (t) => {
  const { app, as } = await build(t);
  const odd = as('service-account');
  const opened = await app.inject({ method: 'GET', url: `/v1/catalog/content/${MATH_KK}`, headers: odd });
  t.equal(opened.statusCode, 403);
  t.equal(opened.json().code, 'no-entitlement');
  const mine = await app.inject({ method: 'GET', url: '/v1/catalog/me/entitlements', headers: odd });
  t.same(mine.json(), { items: [], nextCursor: null });
});

t.test('when another replica changes an item a replica has opened before, then the next opening there shows the change', async (t) => {
  const built = await build(t);
  const { app: first, as, issuer } = built;
  const { app: second } = await buildApp({
    pool: built.pool, auth: { keys: { jwksUrl: issuer.jwksUrl } }, playbackSigningKey: PLAYBACK_KEY, publicBaseUrl: PUBLIC_BASE, logLevel: testLogLevel(),
  });
  t.teardown(() => second.close());
  const student = uuidv7();
  const admin = as(uuidv7(), ['admin']);
  await first.inject({ method: 'POST', url: '/v1/catalog/admin/entitlements', headers: admin, payload: { userId: student, productId: STANDARD_PACKAGE_ID } });
  const open = () => first.inject({ method: 'GET', url: `/v1/catalog/content/${MATH_KK}`, headers: as(student) });
  const change = (payload: Record<string, unknown>) => second.inject({ method: 'PATCH', url: `/v1/catalog/admin/content/${MATH_KK}`, headers: admin, payload });

  const before = (await open()).json();
  t.equal((await open()).json().title.kk, before.title.kk, 'opened twice, the same item');
  t.equal((await change({ title: { kk: 'Виет теоремасы (жаңа)' } })).statusCode, 200);
  t.equal((await open()).json().title.kk, 'Виет теоремасы (жаңа)', 'the new title, not the kept one');

  t.equal((await change({ productIds: [PREMIUM_PACKAGE_ID] })).statusCode, 200);
  const moved = await open();
  t.equal(moved.statusCode, 403, 'the item left the package the student holds');
  t.equal((await change({ productIds: [STANDARD_PACKAGE_ID, PREMIUM_PACKAGE_ID] })).statusCode, 200);
  t.same((await open()).json().productIds, [STANDARD_PACKAGE_ID, PREMIUM_PACKAGE_ID].sort());

  t.equal((await second.inject({ method: 'DELETE', url: `/v1/catalog/admin/content/${MATH_KK}`, headers: admin })).statusCode, 200);
  t.equal((await open()).statusCode, 404, 'archived elsewhere, gone here too');
});
