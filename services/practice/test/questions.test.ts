import { randomUUID } from 'node:crypto';
import t from 'tap';
import { build, matchingQuestion, multipleQuestion, singleQuestion } from './helper.js';

const URL = '/v1/practice/admin/questions';

t.test('when an author adds and edits a question, then each edit is a new version', async (t) => {
  const b = await build(t);
  const author = b.as(randomUUID(), ['author']);
  const created = await b.app.inject({ method: 'POST', url: URL, headers: author, payload: singleQuestion() });
  t.equal(created.statusCode, 201);
  t.match(created.json(), { id: /^[0-9a-f-]{36}$/, version: 1 });
  const { id } = created.json();

  const edited = await b.app.inject({ method: 'PUT', url: `${URL}/${id}`, headers: author, payload: singleQuestion({ answer: 'c', stem: 'Решите уравнение 2x + 3 = 17' }) });
  t.equal(edited.statusCode, 200);
  t.same(edited.json(), { id, version: 2 });
  const read = await b.app.inject({ method: 'GET', url: `${URL}/${id}`, headers: b.admin });
  t.match(read.json(), { id, version: 2, answer: 'c', stem: /17/, demo: false, free: false });
  const { rows } = await b.pool.query('SELECT version, answer FROM question_versions WHERE question_id = $1 ORDER BY version', [id]);
  t.same(rows, [{ version: 1, answer: 'b' }, { version: 2, answer: 'c' }], 'the first version is kept');

  t.equal((await b.app.inject({ method: 'PUT', url: `${URL}/${randomUUID()}`, headers: author, payload: singleQuestion() })).statusCode, 404);
});

t.test('when an answer does not fit its kind, then the question is refused naming the field', async (t) => {
  const b = await build(t);
  const bad = [
    singleQuestion({ answer: ['b'] }),
    singleQuestion({ answer: 'z' }),
    multipleQuestion({ answer: 'a' }),
    matchingQuestion({ answer: { l1: 'r1' } }),
    matchingQuestion({ options: [{ id: 'a', text: 'x' }, { id: 'b', text: 'y' }], answer: { a: 'b' } }),
  ];
  for (const payload of bad) {
    const res = await b.app.inject({ method: 'POST', url: URL, headers: b.admin, payload });
    t.equal(res.statusCode, 400, JSON.stringify(payload.answer));
    t.match(res.json(), { code: 'validation', errors: [{ field: /^\/(answer|options)$/ }] });
  }
  const context = await b.app.inject({ method: 'POST', url: URL, headers: b.admin, payload: singleQuestion({ kind: 'context', contextId: randomUUID() }) });
  t.match(context.json(), { status: 400, errors: [{ field: '/contextId', message: /no such context/ }] });
  t.equal((await b.app.inject({ method: 'POST', url: URL, headers: b.admin, payload: multipleQuestion() })).statusCode, 201);
  t.equal((await b.app.inject({ method: 'POST', url: URL, headers: b.admin, payload: matchingQuestion() })).statusCode, 201);
});

t.test('when a student or a curator writes to the bank, then it is forbidden', async (t) => {
  const b = await build(t);
  for (const roles of [['student'], ['curator']]) {
    const res = await b.app.inject({ method: 'POST', url: URL, headers: b.as(randomUUID(), roles), payload: singleQuestion() });
    t.equal(res.statusCode, 403, String(roles[0]));
  }
  t.equal((await b.app.inject({ method: 'GET', url: URL })).statusCode, 401);
});

t.test('when context tasks share a context, then they name it and it must be in their language', async (t) => {
  const b = await build(t);
  const ctxRes = await b.app.inject({
    method: 'POST', url: '/v1/practice/admin/contexts', headers: b.admin,
    payload: { subject: 'reading-literacy', language: 'ru', title: 'Степь', text: 'Степь тянется на сотни километров…' },
  });
  t.equal(ctxRes.statusCode, 201);
  const contextId = ctxRes.json().id;
  const ok = await b.app.inject({ method: 'POST', url: URL, headers: b.admin, payload: singleQuestion({ subject: 'reading-literacy', kind: 'context', contextId }) });
  t.equal(ok.statusCode, 201);
  const kk = await b.app.inject({ method: 'POST', url: URL, headers: b.admin, payload: singleQuestion({ kind: 'context', contextId, language: 'kk' }) });
  t.match(kk.json(), { status: 400, errors: [{ field: '/contextId', message: /in ru/ }] });
  const listed = await b.app.inject({ method: 'GET', url: '/v1/practice/admin/contexts?subject=reading-literacy', headers: b.admin });
  t.same(listed.json().items.map((c: { id: string }) => c.id), [contextId]);
  t.match((await b.app.inject({ method: 'GET', url: `/v1/practice/admin/contexts/${contextId}`, headers: b.admin })).json(), { title: 'Степь' });
});

t.test('when an import has bad rows, then nothing is stored and every bad row is listed with its index and field', async (t) => {
  const b = await build(t);
  const rows = [singleQuestion(), singleQuestion({ answer: 'z' }), multipleQuestion(), { ...singleQuestion(), language: 'en' }, matchingQuestion({ answer: { l1: 'r1' } })];
  const res = await b.app.inject({ method: 'POST', url: `${URL}/import`, headers: b.admin, payload: rows });
  t.equal(res.statusCode, 422);
  t.match(res.headers['content-type'], /application\/problem\+json/);
  const body = res.json();
  t.equal(body.code, 'invalid-rows');
  t.same([...new Set(body.rows.map((r: { index: number }) => r.index))], [1, 3, 4]);
  t.match(body.rows, [{ index: 1, field: '/1/answer' }, { index: 3, field: '/3/language' }, { index: 4, field: '/4/answer' }]);
  t.equal((await b.pool.query('SELECT 1 FROM questions')).rowCount, 0, 'all or nothing');

  const good = await b.app.inject({ method: 'POST', url: `${URL}/import`, headers: b.admin, payload: [singleQuestion(), multipleQuestion(), matchingQuestion()] });
  t.equal(good.statusCode, 201);
  t.equal(good.json().items.length, 3);
  t.equal((await b.pool.query('SELECT 1 FROM questions')).rowCount, 3);
});

t.test('when the bank is listed, then filters and cursors page through it and a forged cursor is a 400', async (t) => {
  const b = await build(t);
  await b.app.inject({ method: 'POST', url: `${URL}/import`, headers: b.admin, payload: [
    singleQuestion(), singleQuestion({ topic: 'percent' }), singleQuestion(), singleQuestion({ language: 'kk' }), matchingQuestion(),
  ] });
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { statusCode: number; json(): { items: Array<{ id: string }>; nextCursor: string | null } } = await b.app.inject({ method: 'GET', url: `${URL}?subject=math&language=ru&limit=1${cursor ? `&cursor=${cursor}` : ''}`, headers: b.admin });
    t.equal(page.statusCode, 200);
    seen.push(...page.json().items.map((q: { id: string }) => q.id));
    cursor = page.json().nextCursor;
  } while (cursor);
  t.equal(seen.length, 3, 'math in ru: three questions, one a page');
  t.equal(new Set(seen).size, 3);
  const topic = await b.app.inject({ method: 'GET', url: `${URL}?topic=percent`, headers: b.admin });
  t.equal(topic.json().items.length, 1);
  const forged = await b.app.inject({ method: 'GET', url: `${URL}?cursor=${Buffer.from('["x","y"]').toString('base64url')}`, headers: b.admin });
  t.equal(forged.statusCode, 400);
  t.equal(forged.json().code, 'validation');
});
