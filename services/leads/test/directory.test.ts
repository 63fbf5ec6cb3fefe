import t from 'tap';
import { uuidv7 } from 'uuidv7';
import { build, student } from './helper.js';

const body = {
  name: { kk: 'Қарағанды техникалық университеті', ru: 'Карагандинский технический университет' },
  region: 'karaganda', city: 'Қарағанды', languages: ['kk', 'ru'],
  grants: { state: true, internal: 5, note: { kk: '5 ішкі грант', ru: '5 внутренних грантов' } },
  programmes: [{ code: 'B070', name: { kk: 'Тау-кен ісі', ru: 'Горное дело' } }],
};

t.test('when an admin adds, edits and deletes a university, then the public directory follows', async (t) => {
  const { app, admin } = await build(t);
  const created = await app.inject({ method: 'POST', url: '/v1/leads/admin/universities', headers: admin, payload: body });
  t.equal(created.statusCode, 201, created.body);
  const { id } = created.json();

  const one = await app.inject({ url: `/v1/leads/universities/${id}` });
  t.match(one.json(), { id, region: 'karaganda', country: 'KZ', grants: { state: true, internal: 5 }, programmes: [{ code: 'B070' }] });
  const programmeId = one.json().programmes[0].id;

  const edited = await app.inject({
    method: 'PUT', url: `/v1/leads/admin/universities/${id}`, headers: admin,
    payload: { ...body, programmes: [...body.programmes, { code: 'B071', name: { kk: 'Геология', ru: 'Геология' } }] },
  });
  t.equal(edited.statusCode, 200);
  t.equal(edited.json().programmes.find((p: { code: string }) => p.code === 'B070').id, programmeId, 'a programme keeps its id by code');
  t.equal(edited.json().programmes.length, 2);

  const byRegion = await app.inject({ url: '/v1/leads/universities?region=karaganda' });
  t.same(byRegion.json().items.map((u: { id: string }) => u.id), [id]);
  const byText = await app.inject({ url: `/v1/leads/universities?q=${encodeURIComponent('горное')}` });
  t.same(byText.json().items.map((u: { id: string }) => u.id), [id], 'found by a programme name');

  t.equal((await app.inject({ method: 'DELETE', url: `/v1/leads/admin/universities/${id}`, headers: admin })).statusCode, 204);
  t.equal((await app.inject({ url: `/v1/leads/universities/${id}` })).statusCode, 404);
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/leads/admin/universities/${id}`, headers: admin })).statusCode, 404);
});

t.test('when a university has an unknown region or a repeated programme code, then 400 names the field', async (t) => {
  const { app, admin } = await build(t);
  const res = await app.inject({
    method: 'POST', url: '/v1/leads/admin/universities', headers: admin,
    payload: { ...body, region: 'mars', programmes: [body.programmes[0], body.programmes[0]] },
  });
  t.equal(res.statusCode, 400);
  t.same(res.json().errors.map((e: { field: string }) => e.field).sort(), ['/programmes', '/region']);
});

t.test('when a student or nobody writes the directory, then 403 and 401', async (t) => {
  const built = await build(t);
  const s = await student(built);
  t.equal((await built.app.inject({ method: 'POST', url: '/v1/leads/admin/universities', headers: s.auth, payload: body })).statusCode, 403);
  t.equal((await built.app.inject({ method: 'POST', url: '/v1/leads/admin/universities', payload: body })).statusCode, 401);
});

t.test('when the directory is paged, then every university comes once in name order', async (t) => {
  const { app, universities } = await build(t);
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Array<{ id: string; name: { ru: string } }>; nextCursor: string | null } =
      (await app.inject({ url: `/v1/leads/universities?limit=2${cursor ? `&cursor=${cursor}` : ''}` })).json();
    seen.push(...page.items.map((u) => u.id));
    cursor = page.nextCursor;
  } while (cursor);
  t.same([...seen].sort(), universities.map((u) => u.id).sort());
  t.equal((await app.inject({ url: '/v1/leads/universities?cursor=bm9wZQ' })).statusCode, 400);
});

t.test('when a student saves a shortlist, then 4 and 4 are kept and a fifth of either is 422', async (t) => {
  const built = await build(t);
  const { app, admin } = built;
  const s = await student(built);
  const ids = [...built.universities.map((u) => u.id)];
  ids.push((await app.inject({ method: 'POST', url: '/v1/leads/admin/universities', headers: admin, payload: body })).json().id);
  ids.push((await app.inject({ method: 'POST', url: '/v1/leads/admin/universities', headers: admin, payload: { ...body, name: { kk: 'Б', ru: 'Б' } } })).json().id);
  t.equal(ids.length, 5);

  t.same((await app.inject({ url: '/v1/leads/me/choices', headers: s.auth })).json(), { universities: [], specialties: [], updatedAt: null });
  const four = { universities: ids.slice(0, 4), specialties: ['B057', 'B044', 'B086', 'B001'] };
  const saved = await app.inject({ method: 'PUT', url: '/v1/leads/me/choices', headers: s.auth, payload: four });
  t.equal(saved.statusCode, 200);
  t.match((await app.inject({ url: '/v1/leads/me/choices', headers: s.auth })).json(), four);

  const fifthUniversity = await app.inject({ method: 'PUT', url: '/v1/leads/me/choices', headers: s.auth, payload: { ...four, universities: ids } });
  t.equal(fifthUniversity.statusCode, 422);
  t.match(fifthUniversity.json(), { code: 'too-many-choices', errors: [{ field: '/universities' }] });
  const fifthSpecialty = await app.inject({ method: 'PUT', url: '/v1/leads/me/choices', headers: s.auth, payload: { ...four, specialties: [...four.specialties, 'B011'] } });
  t.equal(fifthSpecialty.statusCode, 422);
  t.match(fifthSpecialty.json(), { code: 'too-many-choices', errors: [{ field: '/specialties' }] });
  t.match((await app.inject({ url: '/v1/leads/me/choices', headers: s.auth })).json(), four, 'the refused change left the shortlist alone');

  const unknown = await app.inject({ method: 'PUT', url: '/v1/leads/me/choices', headers: s.auth, payload: { universities: [uuidv7()], specialties: [] } });
  t.equal(unknown.statusCode, 422);
  t.equal(unknown.json().code, 'unknown-university');
});
