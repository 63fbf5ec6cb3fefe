import { randomUUID } from 'node:crypto';
import t from 'tap';
import { sweepRoutes } from '@joo/testing';
import { bearer, build, order, seedProducts } from './helper.js';

t.test('when every route of the OpenAPI document gets odd input, then it answers a problem, never a 500', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  await order(b, randomUUID());
  const calls = await sweepRoutes(t, b.app, {
    headers: () => ({ ...bearer(b.token(randomUUID(), ['admin'])), 'idempotency-key': randomUUID() }),
    bodies: [
      { productId: '01940000-0000-7000-8000-000000000001', profileSubject: 'math-physics', acceptTerms: true, paymentMethod: 'x\u0000' },
      { productId: 'x\u0000', acceptTerms: true },
      { paymentId: randomUUID(), transactionId: 'x', status: 'succeeded', amount: 1e300, currency: 'KZT' },
    ],
    check: ({ method, url, status }) => {
      if (status === 401 && !url.includes('/callbacks/')) t.fail(`${method} ${url}: 401 with a valid token`);
    },
  });
  t.ok(calls > 100, `${calls} calls made`);
});
