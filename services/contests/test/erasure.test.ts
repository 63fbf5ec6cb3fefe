import t from 'tap';
import { adminAction, build, erase, launchedContest, student } from './helper.js';

t.test('when identity erases a student, then their entries and responses are unlinked but still counted', async (t) => {
  const b = await build(t);
  const id = await launchedContest(b);
  const gone = await student(b, { region: 'astana', filled: ['untScores'], untScores: { math: 101 } });
  const stays = await student(b);
  const entry = (await b.app.inject({ method: 'POST', url: `/v1/contests/${id}/entries`, headers: gone.headers })).json().entryId;
  await b.app.inject({ method: 'POST', url: `/v1/contests/${id}/entries`, headers: stays.headers });

  const survey = (await b.app.inject({
    method: 'POST', url: '/v1/contests/admin/surveys', headers: b.admin, payload: {
      title: { kk: 'С', ru: 'О' }, targeting: {},
      questions: [
        { id: 'pick', type: 'single', text: { kk: '?', ru: '?' }, options: [{ id: 'a', text: { kk: 'a', ru: 'a' } }, { id: 'b', text: { kk: 'b', ru: 'b' } }] },
        { id: 'about', type: 'text', text: { kk: '?', ru: '?' } },
      ],
      opensAt: new Date(Date.now() - 60_000).toISOString(), closesAt: new Date(Date.now() + 3_600_000).toISOString(),
    },
  })).json().id;
  t.equal((await b.app.inject({ method: 'POST', url: `/v1/contests/surveys/${survey}/responses`, headers: gone.headers, payload: { answers: { pick: 'a', about: 'Мен Астанада тұрамын' } } })).statusCode, 201);

  await erase(b.pool, gone.userId);

  const { rows: entries } = await b.pool.query('SELECT id, user_id, erased_at FROM entries WHERE contest_id = $1 ORDER BY id', [id]);
  t.equal(entries.length, 2, 'the entry survives');
  const erased = entries.find((e) => e.id === entry);
  t.equal(erased.user_id, null, 'but no longer points at the user');
  t.ok(erased.erased_at);
  t.equal((await b.pool.query('SELECT count(*)::int AS n FROM entries WHERE user_id = $1', [gone.userId])).rows[0].n, 0);
  t.equal((await b.pool.query('SELECT count(*)::int AS n FROM survey_responses WHERE user_id = $1', [gone.userId])).rows[0].n, 0);
  const { rows: profile } = await b.pool.query('SELECT region, filled, unt_scores, erased_at FROM profiles WHERE user_id = $1', [gone.userId]);
  t.match(profile[0], { region: null, filled: [], unt_scores: null });
  t.ok(profile[0].erased_at, 'a tombstone remains so that late events do not restore the data');

  const contest = (await b.app.inject({ method: 'GET', url: `/v1/contests/${id}`, headers: gone.headers })).json();
  t.equal(contest.entries, 2, 'counts survive');
  t.equal(contest.myEntry, null);
  const results = (await b.app.inject({ method: 'GET', url: `/v1/contests/admin/surveys/${survey}/results`, headers: b.admin })).json();
  t.equal(results.responses, 1, 'the response still counts');
  t.same(results.questions[0].options.map((o: { count: number }) => o.count), [1, 0]);
  t.same(results.questions[1].answers, [], 'free text, which may describe the person, is gone');

  // A profile event that was delayed behind the erasure must not bring the data back.
  const { applyProfile } = await import('./helper.js');
  await applyProfile(b.pool, gone.userId, { region: 'astana', filled: ['iin'], untScores: { math: 120 } });
  t.match((await b.pool.query('SELECT region, unt_scores FROM profiles WHERE user_id = $1', [gone.userId])).rows[0], { region: null, unt_scores: null });

  const d = (await adminAction(b, id, 'draw')).json();
  t.same(d.entryIds.length, 1, 'an erased user\'s entry cannot win a prize');
  t.notOk(d.entryIds.includes(entry));
});
