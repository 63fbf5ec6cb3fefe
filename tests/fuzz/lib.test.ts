/** The fuzz's own parts, without a platform: the coverage rule, the judge, the drawing. */
import t from 'tap';
import { coverage } from './lib/matrix.js';
import { operationsOf } from './lib/openapi.js';
import { OWNERSHIP } from './lib/ownership.js';
import { draw, percentEncode } from './lib/requests.js';
import { judge } from './lib/run.js';

const doc = (paths: Record<string, Record<string, unknown>>) => ({ paths });
const bearer = [{ bearer: [] }];

t.test('a new route with a path id or credentials and no ownership case is reported missing', async (t) => {
  const ops = operationsOf(doc({
    '/v1/refunds/widgets/{id}': { get: { operationId: 'refundsGetWidget', security: bearer } },
    '/v1/refunds/widgets': { get: { operationId: 'refundsListMyWidgets', security: bearer } },
    '/v1/catalog/things/{id}': { get: { operationId: 'catalogGetThing', security: [] } },
    '/v1/refunds/admin/widgets/{id}': { get: { operationId: 'refundsAdminGetWidget', security: bearer } },
    '/v1/identity/regions': { get: { operationId: 'identityListRegions', security: [] } },
    '/v1/billing/orders/{id}': { get: { operationId: 'billingGetOrder', security: bearer } },
  }));
  const { missing, stale } = coverage(ops);
  t.same(missing, ['catalogGetThing', 'refundsGetWidget', 'refundsListMyWidgets'], 'the admin route is covered by the role rule; a public route without ids needs nothing');
  t.ok(stale.includes('identityGetMe'), 'a case for an operation the document lacks is stale');
  t.same(coverage(ops, { ...OWNERSHIP, refundsGetWidget: OWNERSHIP.billingGetOrder!, refundsListMyWidgets: OWNERSHIP.billingListMyOrders!, catalogGetThing: OWNERSHIP.catalogGetProduct! }).missing, [], 'one line each covers them');
});

t.test('the judge: no 5xx; every error a problem whose status is the HTTP status', async (t) => {
  const problem = (status: number, body: unknown = { type: 'https://joo.kz/problems/x', title: 'X', status }) =>
    ({ status, contentType: 'application/problem+json; charset=utf-8', body: JSON.stringify(body) });
  t.equal(judge({ status: 200, contentType: 'application/json', body: '{}' }), null);
  t.equal(judge(problem(404)), null);
  t.match(judge(problem(500)), /answered 500/);
  t.match(judge({ status: 400, contentType: 'application/json', body: '{}' }), /not application\/problem\+json/);
  t.match(judge(problem(413, { type: 'x', title: 'y', status: 400 })), /status says 400/);
  t.match(judge(problem(400, { title: 'y', status: 400 })), /without type/);
  t.match(judge({ status: 431, contentType: 'application/problem+json', body: '<html>' }), /does not parse/);
});

t.test('a request is the same for the same seed and index, and every operation gets its turn', async (t) => {
  const ops = operationsOf(doc({
    '/v1/a/{id}': { post: { operationId: 'a', security: bearer, requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['n'], properties: { n: { type: 'integer', minimum: 1 } } } } } } } },
    '/v1/b': { get: { operationId: 'b', security: [], parameters: [{ in: 'query', name: 'q', schema: { type: 'string' } }] } },
  }));
  t.same(draw(ops, 7, 3), draw(ops, 7, 3));
  t.not(JSON.stringify(draw(ops, 7, 3).drawn), JSON.stringify(draw(ops, 8, 3).drawn));
  t.same([0, 1, 2, 3].map((i) => draw(ops, 1, i).op.operationId), ['a', 'b', 'a', 'b']);
});

t.test('percent-encoding keeps a lone surrogate as invalid UTF-8 bytes', async (t) => {
  t.equal(percentEncode('a b'), 'a%20b');
  t.equal(percentEncode('\ud800'), '%ED%A0%80');
  t.equal(percentEncode('🙂'), '%F0%9F%99%82');
});
