import { randomUUID } from 'node:crypto';
import t from 'tap';
import { bearer, build, STANDARD } from './helper.js';

t.test('when an order names a profile-subject pair catalog did not announce, then 422 unknown-profile-subject and no order', async (t) => {
  const b = await build(t);
  await b.product({ productId: STANDARD, profilePairs: ['math-physics', 'biology-chemistry'] });
  const post = (profileSubject: string) => b.app.inject({
    method: 'POST', url: '/v1/billing/orders', headers: { ...bearer(b.token(randomUUID())), 'idempotency-key': randomUUID() },
    payload: { productId: STANDARD, profileSubject, acceptTerms: true },
  });
  const refused = await post('math-history');
  t.equal(refused.statusCode, 422);
  t.match(refused.json(), { code: 'unknown-profile-subject', type: /unknown-profile-subject$/, errors: [{ field: '/profileSubject' }] });
  t.equal((await b.pool.query('SELECT count(*)::int AS n FROM orders')).rows[0].n, 0);
  t.equal((await post('biology-chemistry')).statusCode, 201);
});
