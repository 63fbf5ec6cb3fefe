import t from 'tap';
import { adminAction, build, contestBody, createContest, outbox, student } from './helper.js';

t.test('when an admin creates, changes, launches, stops, relaunches and draws a contest, then each step is audited', async (t) => {
  const b = await build(t);
  const id = await createContest(b);

  const draft = await b.app.inject({ method: 'GET', url: `/v1/contests/admin/contests/${id}`, headers: b.admin });
  t.equal(draft.statusCode, 200);
  t.match(draft.json(), { status: 'draft', kind: 'general', commitment: null, entries: 0, audit: [{ action: 'created', actorId: b.adminId }] });
  t.same(draft.json().prizes, [{ name: 'Ноутбук', quantity: 1, taxable: true }, { name: 'Наушники', quantity: 2, taxable: false }]);

  const s = await student(b);
  t.equal((await b.app.inject({ method: 'GET', url: `/v1/contests/${id}`, headers: s.headers })).statusCode, 404, 'a draft is invisible to students');

  const patched = await b.app.inject({
    method: 'PATCH', url: `/v1/contests/admin/contests/${id}`, headers: b.admin,
    payload: { sponsor: { name: 'Halyk' }, title: { kk: 'Жазғы конкурс', ru: 'Летний конкурс' } },
  });
  t.equal(patched.statusCode, 200);
  t.same(patched.json().audit[1].changes, { sponsor: { from: { name: 'Kaspi' }, to: { name: 'Halyk' } } }, 'only what changed is recorded');

  const launched = await adminAction(b, id, 'launch');
  t.equal(launched.statusCode, 200);
  const commitment = launched.json().commitment;
  t.match(commitment, /^[0-9a-f]{64}$/);
  t.equal(launched.json().status, 'active');

  const seen = await b.app.inject({ method: 'GET', url: `/v1/contests/${id}` });
  t.equal(seen.statusCode, 200, 'a launched contest is public');
  t.equal(seen.json().commitment, commitment, 'the commitment is shown on the contest');
  t.notOk('seed' in seen.json(), 'the seed stays secret until the draw');
  t.same(seen.json().history.map((h: { action: string }) => h.action), ['created', 'updated', 'launched']);

  t.equal((await adminAction(b, id, 'launch')).statusCode, 409, 'an active contest cannot be launched again');
  const stopped = await adminAction(b, id, 'stop');
  t.equal(stopped.json().status, 'stopped');
  const relaunched = await adminAction(b, id, 'launch');
  t.equal(relaunched.json().commitment, commitment, 'a relaunch keeps the commitment');

  const patchedLive = await b.app.inject({
    method: 'PATCH', url: `/v1/contests/admin/contests/${id}`, headers: b.admin, payload: { prizes: [{ name: 'Планшет', quantity: 3 }] },
  });
  t.equal(patchedLive.statusCode, 200, 'conditions change at any time (offer 10.3)');

  const drawn = await adminAction(b, id, 'draw');
  t.equal(drawn.statusCode, 200);
  t.equal((await adminAction(b, id, 'draw')).statusCode, 409, 'a contest is drawn once');
  t.equal((await b.app.inject({ method: 'PATCH', url: `/v1/contests/admin/contests/${id}`, headers: b.admin, payload: { sponsor: { name: 'X' } } })).statusCode, 409);

  const final = (await b.app.inject({ method: 'GET', url: `/v1/contests/admin/contests/${id}`, headers: b.admin })).json();
  t.same(final.audit.map((a: { action: string }) => a.action), ['created', 'updated', 'launched', 'stopped', 'relaunched', 'updated', 'drawn']);
  t.ok(final.audit.every((a: { actorId: string; at: string }) => a.actorId === b.adminId && !Number.isNaN(Date.parse(a.at))), 'who and when');
  t.equal(final.status, 'drawn');

  const launchedEvents = await outbox(b.pool, 'contests.contest.launched.v1');
  t.equal(launchedEvents.length, 1, 'news of the launch goes out once, not on relaunch');
  t.match(launchedEvents[0], { subject: id, data: { contestId: id, commitment, sponsor: { name: 'Halyk' }, kind: 'general' } });
  t.equal((await outbox(b.pool, 'contests.contest.drawn.v1')).length, 1);
});

t.test('when the body is wrong or the caller is not an admin, then the contest is refused', async (t) => {
  const b = await build(t);
  const s = await student(b);
  const post = (headers: Record<string, string>, payload: unknown) => b.app.inject({ method: 'POST', url: '/v1/contests/admin/contests', headers, payload: payload as object });
  t.equal((await post(s.headers, contestBody())).statusCode, 403);
  t.equal((await b.app.inject({ method: 'POST', url: '/v1/contests/admin/contests', payload: contestBody() })).statusCode, 401);
  t.equal((await b.app.inject({ method: 'POST', url: '/v1/contests/admin/contests', payload: {} })).statusCode, 401, 'who you are is checked before what you sent');
  const backwards = await post(b.admin, contestBody({ startsAt: '2027-01-02T00:00:00Z', endsAt: '2027-01-01T00:00:00Z' }));
  t.equal(backwards.statusCode, 400);
  t.match(backwards.json().errors, [{ field: '/endsAt' }]);
  const unknown = await post(b.admin, contestBody({ eligibility: { requiredProfileFields: ['shoeSize'], regions: ['mars'] } }));
  t.equal(unknown.statusCode, 400);
  t.equal((await post(b.admin, contestBody({ prizes: [] }))).statusCode, 400);
  t.equal((await post(b.admin, contestBody({ title: { kk: 'only kk' } }))).statusCode, 400);
});

t.test('when a contest has already ended, then it cannot be launched', async (t) => {
  const b = await build(t);
  const id = await createContest(b, { startsAt: '2020-01-01T00:00:00Z', endsAt: '2020-02-01T00:00:00Z' });
  const res = await adminAction(b, id, 'launch');
  t.equal(res.statusCode, 409);
  t.equal(res.json().code, 'contest-over');
  t.equal((await adminAction(b, id, 'draw')).statusCode, 409, 'a draft cannot be drawn');
  t.equal((await adminAction(b, id, 'stop')).statusCode, 409, 'a draft cannot be stopped');
});

t.test('when contests are listed, then students see launched ones only and admins all, page by page', async (t) => {
  const b = await build(t);
  const draft = await createContest(b);
  const live = [];
  for (let i = 0; i < 3; i += 1) {
    const id = await createContest(b);
    await adminAction(b, id, 'launch');
    live.push(id);
  }
  const first = await b.app.inject({ method: 'GET', url: '/v1/contests?limit=2' });
  t.equal(first.statusCode, 200);
  t.equal(first.json().items.length, 2);
  const second = await b.app.inject({ method: 'GET', url: `/v1/contests?limit=2&cursor=${first.json().nextCursor}` });
  const ids = [...first.json().items, ...second.json().items].map((c: { id: string }) => c.id);
  t.same([...ids].sort(), [...live].sort());
  t.equal(second.json().nextCursor, null);
  const all = await b.app.inject({ method: 'GET', url: '/v1/contests/admin/contests?limit=100', headers: b.admin });
  t.ok(all.json().items.some((c: { id: string }) => c.id === draft));
  t.equal(all.json().items.length, 4);
});
