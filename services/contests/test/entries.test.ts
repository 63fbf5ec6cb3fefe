import t from 'tap';
import { adminAction, build, launchedContest, student } from './helper.js';

const enter = (b: Awaited<ReturnType<typeof build>>, id: string, headers: Record<string, string>) =>
  b.app.inject({ method: 'POST', url: `/v1/contests/${id}/entries`, headers });

t.test('when a student enters twice, then the first is 201 and the second 409 with the entry', async (t) => {
  const b = await build(t);
  const id = await launchedContest(b);
  const s = await student(b);
  const first = await enter(b, id, s.headers);
  t.equal(first.statusCode, 201);
  const second = await enter(b, id, s.headers);
  t.equal(second.statusCode, 409);
  t.match(second.json(), { code: 'already-entered', entryId: first.json().entryId });
  const both = await Promise.all([student(b), student(b)].map(async (p) => {
    const other = await p;
    return Promise.all([enter(b, id, other.headers), enter(b, id, other.headers)]);
  }));
  for (const pair of both) t.same(pair.map((r) => r.statusCode).sort(), [201, 409], 'at once: one entry');
  const seen = await b.app.inject({ method: 'GET', url: `/v1/contests/${id}`, headers: s.headers });
  t.equal(seen.json().entries, 3);
  t.same(seen.json().myEntry, { id: first.json().entryId, prize: null });
  t.match(await b.app.metrics.metrics(), /joo_contests_entries_total\{kind="general",service="contests"\} 3/);
});

t.test('when the contest requires profile data the student did not give, then 403 names the missing data', async (t) => {
  const b = await build(t);
  const id = await launchedContest(b, { eligibility: { requiredProfileFields: ['iin', 'untScores'] } });
  const partial = await student(b, { filled: ['iin'] });
  const before = await b.app.inject({ method: 'GET', url: `/v1/contests/${id}`, headers: partial.headers });
  t.same(before.json().myEligibility, { eligible: false, reason: 'profile-incomplete', missing: ['untScores'] }, 'the contest page says it first');
  t.equal((await b.app.inject({ method: 'GET', url: `/v1/contests/${id}` })).json().myEligibility, null, 'anonymous: nothing to say');
  const res = await enter(b, id, partial.headers);
  t.equal(res.statusCode, 403);
  t.match(res.headers['content-type'], /application\/problem\+json/);
  t.match(res.json(), { code: 'profile-incomplete', missing: ['untScores'], message: { kk: /ҰБТ нәтижелері/, ru: /Результаты ЕНТ/ } });
  t.match(res.json().detail, /untScores/);

  const unknown = await student(b, null);
  t.same((await enter(b, id, unknown.headers)).json().missing, ['iin', 'untScores'], 'no profile facts yet: everything is missing');

  const complete = await student(b, { filled: ['iin', 'untScores', 'birthDate'] });
  t.equal((await enter(b, id, complete.headers)).statusCode, 201);
});

t.test('when the contest is for some regions, then students elsewhere get 403', async (t) => {
  const b = await build(t);
  const id = await launchedContest(b, { eligibility: { requiredProfileFields: [], regions: ['astana', 'karaganda'] } });
  const almaty = await student(b, { region: 'almaty' });
  const res = await enter(b, id, almaty.headers);
  t.equal(res.statusCode, 403);
  t.match(res.json(), { code: 'region-not-eligible', region: 'almaty' });
  t.equal((await enter(b, id, (await student(b, { region: 'karaganda' })).headers)).statusCode, 201);
});

t.test('when the contest is not running, then entries are refused', async (t) => {
  const b = await build(t);
  const s = await student(b);
  const future = await launchedContest(b, { startsAt: new Date(Date.now() + 3_600_000).toISOString(), endsAt: new Date(Date.now() + 7_200_000).toISOString() });
  t.match((await enter(b, future, s.headers)).json(), { status: 409, code: 'contest-not-open', detail: /not started/ });
  const stopped = await launchedContest(b);
  await adminAction(b, stopped, 'stop');
  t.match((await enter(b, stopped, s.headers)).json(), { status: 409, code: 'contest-not-open', contestStatus: 'stopped' });
  const drawn = await launchedContest(b);
  await adminAction(b, drawn, 'draw');
  t.equal((await enter(b, drawn, s.headers)).statusCode, 409);
  t.equal((await enter(b, '01890a5d-ac96-774b-bcce-b302099a8057', s.headers)).statusCode, 404);
  t.equal((await b.app.inject({ method: 'POST', url: `/v1/contests/${stopped}/entries`, headers: b.admin })).statusCode, 403, 'admins do not enter');
});
