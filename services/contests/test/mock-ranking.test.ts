import { randomUUID } from 'node:crypto';
import t from 'tap';
import { AttemptFinished, AttemptRescored, EntitlementGranted, EntitlementRevoked } from '@joo/contracts';
import { withTransaction } from '@joo/db';
import { rankByBestMock } from '../src/domain/mock-ranking.js';
import { catalogRoutes, practiceRoutes } from '../src/events/practice.js';
import { adminAction, build, launchedContest, student, type Built } from './helper.js';

const prizes = [{ name: 'Грант', quantity: 2, taxable: false }, { name: 'Скидка', quantity: 1, taxable: false }];

t.test('the ranking: best total first, then who reached it first, then entry id; no mock in the period, no place', async (t) => {
  const at = (m: number) => new Date(Date.UTC(2026, 11, 6, 8, m));
  const { winners, entryIds } = rankByBestMock([
    { entryId: 'C', best: 100, bestAt: at(5) },
    { entryId: 'b', best: 120, bestAt: at(9) },
    { entryId: 'a', best: 100, bestAt: at(5) },
    { entryId: 'd', best: 100, bestAt: at(1) },
    { entryId: 'e', best: null, bestAt: null },
  ], prizes);
  t.same(winners.map((w) => [w.entryId, w.place, w.prize]), [['b', 1, 'Грант'], ['d', 2, 'Грант'], ['a', 3, 'Скидка']]);
  t.same(entryIds, ['a', 'b', 'c', 'd', 'e'], 'every entry is listed, sorted');
  t.same(rankByBestMock([], prizes).winners, []);
});

const event = (type: string, source: string, data: Record<string, unknown>) => ({ id: randomUUID(), type, source, time: new Date().toISOString(), subject: 'x', data });

async function holdPackage(b: Built, userId: string): Promise<string> {
  const entitlementId = randomUUID();
  await withTransaction(b.pool, (tx) => catalogRoutes.handle(event(EntitlementGranted.type, 'catalog', {
    entitlementId, userId, productId: randomUUID(), productVersion: 1, orderId: null, profileSubject: null, profileSubjects: [],
    validFrom: new Date(Date.now() - 86_400_000).toISOString(), validUntil: new Date(Date.now() + 86_400_000).toISOString(), grantedAt: new Date().toISOString(),
  }), tx));
  return entitlementId;
}

async function mock(b: Built, userId: string, total: number, minutesAgo: number, rescoreTo?: number): Promise<void> {
  const finishedAt = new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const data = {
    attemptId: randomUUID(), userId, kind: 'mock', windowId: randomUUID(), language: 'ru', profileSubjects: ['math', 'physics'], total, max: 140,
    subjects: [], topics: [], startedAt: finishedAt, finishedAt, scoredAt: finishedAt, finishedBy: 'student',
  };
  await withTransaction(b.pool, (tx) => practiceRoutes.handle(event(AttemptFinished.type, 'practice', data), tx));
  if (rescoreTo !== undefined) {
    const { finishedBy: _by, ...scored } = data;
    await withTransaction(b.pool, (tx) => practiceRoutes.handle(event(AttemptRescored.type, 'practice', {
      ...scored, total: rescoreTo, previousTotal: total, appealId: randomUUID(), scoredAt: new Date().toISOString(),
    }), tx));
  }
}

t.test('when the partner-grants contest is drawn, then package holders only have entered and the best mocks of its period win', async (t) => {
  const b = await build(t);
  const id = await launchedContest(b, { kind: 'partner_grants', prizes });
  const enter = (headers: Record<string, string>) => b.app.inject({ method: 'POST', url: `/v1/contests/${id}/entries`, headers });

  const outsider = await student(b);
  const refused = await enter(outsider.headers);
  t.equal(refused.statusCode, 403);
  t.equal(refused.json().code, 'package-required');
  const revoked = await student(b);
  const gone = await holdPackage(b, revoked.userId);
  await withTransaction(b.pool, (tx) => catalogRoutes.handle(event(EntitlementRevoked.type, 'catalog', {
    entitlementId: gone, userId: revoked.userId, productId: randomUUID(), orderId: null, reason: 'refund', revokedAt: new Date().toISOString(),
  }), tx));
  t.equal((await enter(revoked.headers)).statusCode, 403, 'a revoked package does not count');

  const [ana, bek, dana, erzhan] = await Promise.all([student(b), student(b), student(b), student(b)]);
  const entries = new Map<string, string>();
  for (const s of [ana!, bek!, dana!, erzhan!]) {
    await holdPackage(b, s.userId);
    const res = await enter(s.headers);
    t.equal(res.statusCode, 201);
    entries.set(s.userId, res.json().entryId);
  }
  await mock(b, ana!.userId, 90, 30);
  await mock(b, ana!.userId, 70, 20);
  await mock(b, bek!.userId, 80, 40, 95); // re-scored after an appeal: 95 counts
  await mock(b, dana!.userId, 130, 120); // before the contest started: does not count
  await mock(b, dana!.userId, 60, 10);
  // erzhan sat no mock in the period

  const drawn = await adminAction(b, id, 'draw');
  t.equal(drawn.statusCode, 200, drawn.body);
  const result = drawn.json();
  t.equal(result.algorithm.id, 'joo-rank-mock-v1');
  t.same(result.winners.map((w: { entryId: string; place: number; prize: string }) => [w.entryId, w.place, w.prize]), [
    [entries.get(bek!.userId), 1, 'Грант'], [entries.get(ana!.userId), 2, 'Грант'], [entries.get(dana!.userId), 3, 'Скидка'],
  ]);
  t.equal(result.entries, 4, 'every entry is listed');
});

t.test('when a general contest is drawn, then it stays a random draw open to everyone', async (t) => {
  const b = await build(t);
  const id = await launchedContest(b, { prizes });
  const s = await student(b);
  t.equal((await b.app.inject({ method: 'POST', url: `/v1/contests/${id}/entries`, headers: s.headers })).statusCode, 201, 'no package needed');
  const drawn = await adminAction(b, id, 'draw');
  t.equal(drawn.json().algorithm.id, 'joo-draw-v1');
});
