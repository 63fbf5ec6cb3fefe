import t from 'tap';
import { build } from './helper.js';

t.test('when anyone asks for the current format, then the format in force comes with its totals', async (t) => {
  const { app } = await build(t, { now: new Date('2026-03-01T06:00:00Z') });
  const res = await app.inject({ method: 'GET', url: '/v1/practice/formats/current' });
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.match(body, { id: 'unt-2026', version: 1, tasks: 120, maxPoints: 140, durationMinutes: 240, appealWindowMinutes: 30 });
  t.same(body.sections.map((s: { key: string; taskCount: number; maxPoints: number }) => [s.key, s.taskCount, s.maxPoints]), [
    ['kz-history', 20, 20], ['reading-literacy', 10, 10], ['math-literacy', 10, 10], ['profile-1', 40, 50], ['profile-2', 40, 50],
  ]);
  t.same(body.sections[3].tasks, [
    { kind: 'single', count: 25 }, { kind: 'context', count: 5 }, { kind: 'matching', count: 5 }, { kind: 'multiple', count: 5 },
  ]);
  t.equal(body.sections[3].subject, null, "a profile section's subject is the student's pair, from catalog");
});

t.test('when no format is in force yet, then the answer is a 404 problem', async (t) => {
  const { app } = await build(t, { now: new Date('2020-01-01T00:00:00Z') });
  const res = await app.inject({ method: 'GET', url: '/v1/practice/formats/current' });
  t.equal(res.statusCode, 404);
  t.match(res.headers['content-type'], /application\/problem\+json/);
});
