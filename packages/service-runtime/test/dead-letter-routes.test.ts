import { randomUUID } from 'node:crypto';
import t from 'tap';
import { createService } from '@joo/service-kit';
import { eventually } from '@joo/testing';
import { deadLetterRoutes } from '../src/dead-letter-routes.js';
import { BASE, count, deadLetterOf, flakyHandler, OrderPlaced, publishOrder, startBilling, world } from './helper.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

t.test('when a fixed handler runs again, then the dead letter is listed, replayed once and its effect is in the database', async (t) => {
  const w = await world(t, 'dlr_applied');
  const state = { broken: true, calls: 0 };
  await startBilling(t, w, flakyHandler(state));
  const event = await publishOrder(w, 'o-1');
  const id = await deadLetterOf(w, event.id);

  t.equal((await w.app.inject({ method: 'GET', url: BASE })).statusCode, 401, 'no token: 401');
  const asStudent = await w.app.inject({ method: 'GET', url: BASE, headers: bearer(w.student) });
  t.equal(asStudent.statusCode, 403, 'a student: 403');
  t.equal((await w.app.inject({ method: 'POST', url: `${BASE}/${id}/replay`, headers: bearer(w.student) })).statusCode, 403,
    'nor may a student replay');

  const list = await w.app.inject({ method: 'GET', url: BASE, headers: bearer(w.admin) });
  t.equal(list.statusCode, 200);
  const [item, ...others] = list.json().items;
  t.same(others, [], 'one open letter');
  t.match(item, {
    id, consumer: 'billing', eventId: event.id, eventType: OrderPlaced.type, source: 'shop',
    error: /price list missing for o-1/, attempts: 2, failedAt: String, replayedAt: null,
  });
  t.notOk('envelope' in item, 'the list carries no event data');

  const one = await w.app.inject({ method: 'GET', url: `${BASE}/${id}`, headers: bearer(w.admin) });
  t.equal(one.statusCode, 200);
  t.same(one.json().envelope, event, 'one letter shows the envelope as received');

  state.broken = false;
  const replay = await w.app.inject({ method: 'POST', url: `${BASE}/${id}/replay`, headers: bearer(w.admin) });
  t.equal(replay.statusCode, 200);
  t.same(replay.json(), { id, outcome: 'applied' });
  t.equal(await count(w.db, 'SELECT 1 FROM effects WHERE event_id = $1', [event.id]), 1, 'the handler had its effect');
  t.equal(w.applied.count, 1, 'the process is told (to wake its relay)');

  const again = await w.app.inject({ method: 'POST', url: `${BASE}/${id}/replay`, headers: bearer(w.admin) });
  t.equal(again.statusCode, 409);
  t.match(again.json(), { code: 'already-replayed', status: 409 });
  t.equal(await count(w.db, 'SELECT 1 FROM effects WHERE event_id = $1', [event.id]), 1, 'still one effect');

  const open = await w.app.inject({ method: 'GET', url: BASE, headers: bearer(w.admin) });
  t.same(open.json().items, [], 'no open letters left');
  const all = await w.app.inject({ method: 'GET', url: `${BASE}?includeReplayed=true&limit=5`, headers: bearer(w.admin) });
  t.equal(all.json().items.length, 1);
  t.ok(Date.parse(all.json().items[0].replayedAt) > 0, 'the replayed one shows when it was replayed');
});

t.test('when the event was applied meanwhile, then the replay answers duplicate and applies nothing', async (t) => {
  const w = await world(t, 'dlr_duplicate');
  const state = { broken: true, calls: 0 };
  await startBilling(t, w, flakyHandler(state));
  const event = await publishOrder(w, 'o-1');
  const id = await deadLetterOf(w, event.id);
  // As if a republished copy had gone through after the fix.
  await w.db.pool.query("INSERT INTO inbox (event_id, consumer) VALUES ($1, 'billing')", [event.id]);
  state.broken = false;

  const replay = await w.app.inject({ method: 'POST', url: `${BASE}/${id}/replay`, headers: bearer(w.admin) });
  t.equal(replay.statusCode, 200);
  t.same(replay.json(), { id, outcome: 'duplicate' });
  t.equal(await count(w.db, 'SELECT 1 FROM effects'), 0, 'no second effect');
  t.equal(w.applied.count, 0);
  t.equal(await count(w.db, 'SELECT 1 FROM dead_letters WHERE replayed_at IS NULL'), 0, 'the letter is closed');
});

t.test('when the handler fails again, then 422 replay-failed with its error, and the letter stays open with one more attempt', async (t) => {
  const w = await world(t, 'dlr_fails');
  const state = { broken: true, calls: 0 };
  await startBilling(t, w, flakyHandler(state));
  const event = await publishOrder(w, 'o-7');
  const id = await deadLetterOf(w, event.id);

  const replay = await w.app.inject({ method: 'POST', url: `${BASE}/${id}/replay`, headers: bearer(w.admin) });
  t.equal(replay.statusCode, 422);
  t.match(replay.headers['content-type'], /application\/problem\+json/);
  t.match(replay.json(), { code: 'replay-failed', detail: /price list missing for o-7/ });
  t.equal(state.calls, 3, 'the live handler ran once more');

  const one = (await w.app.inject({ method: 'GET', url: `${BASE}/${id}`, headers: bearer(w.admin) })).json();
  t.equal(one.attempts, 3, 'attempts grew from 2 to 3');
  t.equal(one.replayedAt, null, 'still open');
  t.equal(await count(w.db, 'SELECT 1 FROM effects'), 0, 'nothing applied');
  t.equal(await count(w.db, 'SELECT 1 FROM inbox'), 0, 'nor marked handled');
});

t.test('when the id is unknown or not an id, then 404 and 400', async (t) => {
  const w = await world(t, 'dlr_unknown');
  const unknown = randomUUID();
  const replay = await w.app.inject({ method: 'POST', url: `${BASE}/${unknown}/replay`, headers: bearer(w.admin) });
  t.equal(replay.statusCode, 404);
  t.match(replay.json(), { code: 'not-found', detail: new RegExp(unknown) });
  t.equal((await w.app.inject({ method: 'GET', url: `${BASE}/${unknown}`, headers: bearer(w.admin) })).statusCode, 404);
  const bad = await w.app.inject({ method: 'POST', url: `${BASE}/1;drop/replay`, headers: bearer(w.admin) });
  t.equal(bad.statusCode, 400);
  t.equal((await w.app.inject({ method: 'GET', url: `${BASE}?limit=0`, headers: bearer(w.admin) })).statusCode, 400);
});

t.test('when no consumer of the letter runs in this process, then 422 no-live-handler and the letter is untouched', async (t) => {
  const w = await world(t, 'dlr_no_handler');
  const state = { broken: true, calls: 0 };
  const consumer = await startBilling(t, w, flakyHandler(state));
  const event = await publishOrder(w, 'o-1');
  const id = await deadLetterOf(w, event.id);
  await consumer.stop();

  const replay = await w.app.inject({ method: 'POST', url: `${BASE}/${id}/replay`, headers: bearer(w.admin) });
  t.equal(replay.statusCode, 422);
  t.match(replay.json(), { code: 'no-live-handler', consumer: 'billing', source: 'shop' });
  t.equal(state.calls, 2, 'no handler ran');
  t.equal(await count(w.db, 'SELECT 1 FROM dead_letters WHERE attempts = 2 AND replayed_at IS NULL'), 1);
});

t.test('when the message was not an envelope, then it is listed without a source and its replay is 422 not-an-envelope', async (t) => {
  const w = await world(t, 'dlr_poison');
  await startBilling(t, w, flakyHandler({ broken: false, calls: 0 }));
  await w.bus.ensureStream('shop');
  await w.bus.js.publish(w.bus.subjectOf(OrderPlaced.type), 'not an envelope');
  const [item] = await eventually(async () => {
    const items = (await w.app.inject({ method: 'GET', url: BASE, headers: bearer(w.admin) })).json().items;
    return items.length > 0 && items;
  }, { message: 'the poison message listed' });
  t.match(item, { source: null, eventType: null, consumer: 'billing' });
  const one = (await w.app.inject({ method: 'GET', url: `${BASE}/${item.id}`, headers: bearer(w.admin) })).json();
  t.same(one.envelope, { raw: 'not an envelope' });

  const replay = await w.app.inject({ method: 'POST', url: `${BASE}/${item.id}/replay`, headers: bearer(w.admin) });
  t.equal(replay.statusCode, 422);
  t.match(replay.json(), { code: 'not-an-envelope' });
});

t.test('when the app has no auth configured, then the routes are not registered', async (t) => {
  const app = await createService({ name: 'billing', logLevel: 'silent' });
  t.teardown(() => app.close());
  deadLetterRoutes(app, { pool: undefined as never, service: 'billing' });
  const response = await app.inject({ method: 'GET', url: BASE });
  t.equal(response.statusCode, 404);
});
