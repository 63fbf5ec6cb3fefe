import t from 'tap';
import { sweepRoutes } from '@joo/testing';
import { uuidv7 } from 'uuidv7';
import { build, partner } from './helper.js';

t.test('when every route of the OpenAPI document gets odd input, then it answers a problem, never a 500', async (t) => {
  const built = await build(t);
  const p = await partner(built, built.universities[0]!.id);
  const adminToken = built.issuer.sign({ sub: uuidv7(), sid: uuidv7(), roles: ['admin', 'student'] });
  const calls = await sweepRoutes(t, built.app, {
    headers: (path) => ({
      authorization: `Bearer ${path.includes('/partner/') ? p.apiKey : adminToken}`,
      'idempotency-key': uuidv7(),
    }),
    bodies: [
      { universityId: built.universities[0]!.id, programmeId: uuidv7(), message: 'x'.repeat(3000), shareScores: 'yes' },
      { universities: Array.from({ length: 5 }, () => uuidv7()), specialties: ['B057', 'B057'] },
      { universityId: uuidv7(), webhookUrl: 'https://169.254.169.254/latest' },
      { webhookUrl: 'http://[::1]:99999/x' },
      { status: 'enrolled', note: 'a'.repeat(2000) },
      { name: { kk: 'a', ru: 'b' }, region: 'mars', programmes: [{ code: 'B057', name: { kk: 'a', ru: 'b' } }, { code: 'B057', name: { kk: 'a', ru: 'b' } }] },
    ],
    check: ({ method, url, status }) => {
      if (status === 401) t.fail(`${method} ${url}: 401, the route was not exercised`);
    },
  });
  t.ok(calls > 100, `${calls} calls made`);
});
