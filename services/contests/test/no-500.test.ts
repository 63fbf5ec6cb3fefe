import t from 'tap';
import { sweepRoutes } from '@joo/testing';
import { build, contestBody, launchedContest, student } from './helper.js';

t.test('when every route of the OpenAPI document gets odd input, then it answers a problem, never a 500', async (t) => {
  const b = await build(t);
  await launchedContest(b);
  const s = await student(b, { filled: ['iin'] });
  // sweepRoutes' Assert type does not accept tap's variadic match() under strict tsc (same in identity's sweep).
  const calls = await sweepRoutes(t as unknown as Parameters<typeof sweepRoutes>[0], b.app, {
    // Admin routes as an admin, the rest as a student, so that the handlers, not the role check, answer.
    headers: (path) => (path.includes('/admin/') ? b.admin : s.headers),
    bodies: [
      contestBody({ startsAt: 'not a date' }),
      contestBody({ prizes: [{ name: 'x', quantity: 1e12 }] }),
      contestBody({ eligibility: { requiredProfileFields: ['iin', 'iin'] } }),
      { answers: { q: 'x'.repeat(20_000) } },
      { answers: { ['x'.repeat(100)]: 1 } },
      { answers: { a: 1e308, b: [1, 2], c: { nested: true } } },
      { title: { kk: 'a', ru: 'b' }, targeting: {}, questions: [{ id: 'a', type: 'scale', text: { kk: 'a', ru: 'b' }, scale: { min: 1e9, max: 2 } }], opensAt: '2026-01-01T00:00:00Z', closesAt: '2027-01-01T00:00:00Z' },
    ],
  });
  t.ok(calls > 100, `${calls} calls made`);
});
