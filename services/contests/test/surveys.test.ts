import t from 'tap';
import { build, student, type Built } from './helper.js';

const HOUR = 3_600_000;
const q = (kk: string) => ({ kk, ru: kk });

function surveyBody(overrides: Record<string, unknown> = {}) {
  return {
    title: { kk: 'Сауалнама', ru: 'Опрос' },
    targeting: { requiredProfileFields: [] },
    questions: [
      { id: 'subject', type: 'single', text: q('Пән?'), options: [{ id: 'math', text: q('Математика') }, { id: 'bio', text: q('Биология') }] },
      { id: 'help', type: 'multiple', text: q('Не көмектесті?'), options: [{ id: 'video', text: q('Видео') }, { id: 'tests', text: q('Тест') }, { id: 'curator', text: q('Куратор') }] },
      { id: 'ready', type: 'scale', text: q('Дайындық?'), scale: { min: 1, max: 5 } },
      { id: 'wish', type: 'text', text: q('Тілек'), required: false, maxLength: 100 },
    ],
    opensAt: new Date(Date.now() - HOUR).toISOString(),
    closesAt: new Date(Date.now() + HOUR).toISOString(),
    ...overrides,
  };
}

async function createSurvey(b: Built, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await b.app.inject({ method: 'POST', url: '/v1/contests/admin/surveys', headers: b.admin, payload: surveyBody(overrides) });
  if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json().id;
}

const answer = (b: Built, id: string, headers: Record<string, string>, answers: Record<string, unknown>) =>
  b.app.inject({ method: 'POST', url: `/v1/contests/surveys/${id}/responses`, headers, payload: { answers } });

const visible = async (b: Built, headers: Record<string, string>) =>
  ((await b.app.inject({ method: 'GET', url: '/v1/contests/surveys', headers })).json().items as Array<{ id: string }>).map((s) => s.id);

t.test('when surveys target regions, locales and profile data, then each student sees only those meant for them', async (t) => {
  const b = await build(t);
  const everyone = await createSurvey(b);
  const astana = await createSurvey(b, { targeting: { regions: ['astana'] } });
  const russian = await createSurvey(b, { targeting: { locales: ['ru'] } });
  const withScores = await createSurvey(b, { targeting: { requiredProfileFields: ['untScores'] } });
  const closed = await createSurvey(b, { opensAt: new Date(Date.now() - 2 * HOUR).toISOString(), closesAt: new Date(Date.now() - HOUR).toISOString() });
  const future = await createSurvey(b, { opensAt: new Date(Date.now() + HOUR).toISOString(), closesAt: new Date(Date.now() + 2 * HOUR).toISOString() });

  const almatyKk = await student(b, { region: 'almaty', locale: 'kk' });
  const astanaRuScores = await student(b, { region: 'astana', locale: 'ru', filled: ['untScores'] });
  t.same((await visible(b, almatyKk.headers)).sort(), [everyone].sort());
  t.same((await visible(b, astanaRuScores.headers)).sort(), [everyone, astana, russian, withScores].sort());
  t.notOk((await visible(b, astanaRuScores.headers)).includes(closed) || (await visible(b, astanaRuScores.headers)).includes(future), 'only open surveys');

  t.equal((await b.app.inject({ method: 'GET', url: `/v1/contests/surveys/${astana}`, headers: almatyKk.headers })).statusCode, 404, 'another region: not found');
  t.equal((await answer(b, astana, almatyKk.headers, {})).statusCode, 404);
  const missing = await answer(b, withScores, almatyKk.headers, {});
  t.equal(missing.statusCode, 403, 'missing profile data: told what to fill in (7.1.2)');
  t.match(missing.json(), { code: 'profile-incomplete', missing: ['untScores'] });
  t.equal((await answer(b, closed, almatyKk.headers, { subject: 'math', help: ['video'], ready: 3 })).statusCode, 409, 'closed window');
  t.equal((await answer(b, future, almatyKk.headers, { subject: 'math', help: ['video'], ready: 3 })).statusCode, 404, 'not open yet');
});

t.test('when a student answers, then bad answers are listed (422), the first good one is 201 and a second 409', async (t) => {
  const b = await build(t);
  const id = await createSurvey(b);
  const s = await student(b);
  const bad = await answer(b, id, s.headers, { subject: 'chem', help: ['video', 'video'], ready: 9, wish: 'x'.repeat(101), extra: 'y' });
  t.equal(bad.statusCode, 422);
  t.same(bad.json().errors.map((e: { field: string }) => e.field).sort(),
    ['/answers/extra', '/answers/help', '/answers/ready', '/answers/subject', '/answers/wish']);
  const incomplete = await answer(b, id, s.headers, { subject: 'math' });
  t.same(incomplete.json().errors.map((e: { field: string; message: string }) => `${e.field} ${e.message}`), ['/answers/help is required', '/answers/ready is required']);
  t.equal((await answer(b, id, s.headers, { subject: 'math', help: 'video', ready: 3 })).statusCode, 422, 'multiple takes a list');
  t.equal((await answer(b, id, s.headers, { subject: 'math', help: ['video'], ready: 2.5 })).statusCode, 422, 'scale takes whole numbers');

  const ok = await answer(b, id, s.headers, { subject: 'math', help: ['video', 'curator'], ready: 4, wish: '  Көбірек тест  ' });
  t.equal(ok.statusCode, 201);
  const again = await answer(b, id, s.headers, { subject: 'bio', help: ['tests'], ready: 1 });
  t.equal(again.statusCode, 409);
  t.equal(again.json().code, 'already-answered');
  const mine = await b.app.inject({ method: 'GET', url: `/v1/contests/surveys/${id}`, headers: s.headers });
  t.equal(mine.json().answered, true);
  t.match(await b.app.metrics.metrics(), /joo_contests_survey_responses_total\{service="contests"\} 1/);
});

t.test('when an admin reads the results, then each question is aggregated', async (t) => {
  const b = await build(t);
  const id = await createSurvey(b);
  const sheets = [
    { subject: 'math', help: ['video', 'curator'], ready: 4, wish: 'Көбірек тест' },
    { subject: 'math', help: ['video'], ready: 5 },
    { subject: 'bio', help: ['tests', 'video'], ready: 3 },
    { subject: 'math', help: ['curator'], ready: 4 },
  ];
  for (const sheet of sheets) t.equal((await answer(b, id, (await student(b)).headers, sheet)).statusCode, 201);
  const res = await b.app.inject({ method: 'GET', url: `/v1/contests/admin/surveys/${id}/results`, headers: b.admin });
  t.equal(res.statusCode, 200);
  const r = res.json();
  t.equal(r.responses, 4);
  const [subject, help, ready, wish] = r.questions;
  t.same(subject.options.map((o: { id: string; count: number; share: number }) => [o.id, o.count, o.share]), [['math', 3, 0.75], ['bio', 1, 0.25]]);
  t.same(help.options.map((o: { id: string; count: number }) => [o.id, o.count]), [['video', 3], ['tests', 1], ['curator', 2]]);
  t.match(ready, { answered: 4, mean: 4, median: 4 });
  t.same(ready.distribution, [{ value: 1, count: 0 }, { value: 2, count: 0 }, { value: 3, count: 1 }, { value: 4, count: 2 }, { value: 5, count: 1 }]);
  t.match(wish, { answered: 1, answers: ['Көбірек тест'] });
  const s = await student(b);
  t.equal((await b.app.inject({ method: 'GET', url: `/v1/contests/admin/surveys/${id}/results`, headers: s.headers })).statusCode, 403);
});

t.test('when a survey definition is inconsistent, then 400 lists each problem', async (t) => {
  const b = await build(t);
  const res = await b.app.inject({
    method: 'POST', url: '/v1/contests/admin/surveys', headers: b.admin, payload: surveyBody({
      questions: [
        { id: 'a', type: 'single', text: q('?'), options: [{ id: 'x', text: q('x') }] },
        { id: 'a', type: 'text', text: q('?'), options: [{ id: 'x', text: q('x') }, { id: 'y', text: q('y') }] },
        { id: 'c', type: 'scale', text: q('?'), scale: { min: 5, max: 1 } },
      ],
      closesAt: new Date(Date.now() - 2 * HOUR).toISOString(),
    }),
  });
  t.equal(res.statusCode, 400);
  t.same(res.json().errors.map((e: { field: string }) => e.field).sort(),
    ['/closesAt', '/questions/0/options', '/questions/1/id', '/questions/1/options', '/questions/2/scale']);
  const list = await b.app.inject({ method: 'GET', url: '/v1/contests/admin/surveys', headers: b.admin });
  t.same(list.json().items, []);
});
