import t from 'tap';
import { uuidv7 } from 'uuidv7';
import { sweepRoutes } from '@joo/testing';
import { build } from './helper.js';

t.test('when every route of the OpenAPI document gets odd input, then it answers a problem, never a 500', async (t) => {
  const b = await build(t);
  const admin = b.as(uuidv7(), ['admin']);
  const calls = await sweepRoutes(t, b.app, {
    headers: () => admin,
    bodies: [
      { kind: 'package', code: 'x', title: { kk: 'a', ru: 'b' }, features: { kk: [], ru: [] }, bonus: null, price: 1, courseMonths: 0, bonusDays: 0, requiresProfileSubject: true },
      { userId: uuidv7(), productId: uuidv7(), validFrom: '2026-01-01T00:00:00Z', validUntil: '2025-01-01T00:00:00Z' },
      { type: 'live', subject: 'math', languages: ['kk'], title: { ru: 'x' }, mediaRef: 'x', productIds: [uuidv7()] },
      { title: { kk: 'a', ru: 'b' }, body: { kk: 'a', ru: 'b' }, publish: true },
    ],
    check: ({ method, url, status }) => {
      if (status === 401) t.fail(`${method} ${url}: the admin token was refused, so the route was not exercised`);
    },
  });
  t.ok(calls > 100, `${calls} calls made`);
});
