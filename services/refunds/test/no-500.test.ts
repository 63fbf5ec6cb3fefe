import { randomUUID } from 'node:crypto';
import t from 'tap';
import { sweepRoutes } from '@joo/testing';
import { applicationBody, build, paidOrder } from './helper.js';

t.test('when every route of the OpenAPI document gets odd input, then it answers a problem, never a 500', async (t) => {
  const b = await build(t);
  const order = await paidOrder(b);
  await b.app.inject({
    method: 'POST', url: '/v1/refunds/applications', headers: { ...order.headers, 'idempotency-key': randomUUID() }, payload: applicationBody(order.orderId),
  });
  // sweepRoutes' Assert type does not accept tap's variadic match() under strict tsc (same in identity's sweep).
  const calls = await sweepRoutes(t as unknown as Parameters<typeof sweepRoutes>[0], b.app, {
    headers: (path) => (path.includes('/admin/') ? b.admin : order.headers),
    bodies: [
      applicationBody(order.orderId, { amount: 1e308 }),
      applicationBody(order.orderId, { accountIban: 'KZ'.repeat(5000), bankBic: ['HSBKKZKX'] }),
      applicationBody(order.orderId, { paymentDate: '99999-01-01', grounds: { any: 1 } }),
      applicationBody(randomUUID(), { reason: 'x'.repeat(100_000) }),
      { amount: 2 ** 62 },
      { amount: 0.5, reason: '   ' },
    ],
  });
  t.ok(calls > 30, `${calls} calls made`);
});
