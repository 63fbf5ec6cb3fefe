import t from 'tap';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { breakingApiChanges } from '../../scripts/openapi/compatibility.js';
import { checkApiSnapshot, snapshotText, updateApiSnapshot } from '../../scripts/openapi/snapshot.js';

const Order = () => ({
  type: 'object',
  required: ['id', 'amount'],
  properties: { id: { type: 'string' }, amount: { type: 'integer' }, items: { type: 'array', items: { type: 'object', required: ['sku'], properties: { sku: { type: 'string' } } } } },
});

/** A small API as it might evolve: one operation with a parameter, a body and two responses. */
function api() {
  return {
    openapi: '3.1.0',
    paths: {
      '/v1/shop/orders/{id}': {
        get: {
          operationId: 'shopGetOrder',
          parameters: [{ in: 'path', name: 'id', required: true, schema: { type: 'string' } }],
          responses: { 200: { content: { 'application/json': { schema: Order() } } }, 404: { content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
      '/v1/shop/orders': {
        post: {
          operationId: 'shopCreateOrder',
          requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['sku'], properties: { sku: { type: 'string' }, note: { type: 'string' } } } } } },
          responses: { 201: { content: { 'application/json': { schema: Order() } } } },
        },
      },
    },
  };
}
type Api = ReturnType<typeof api>;
const changed = (edit: (doc: Api) => void) => {
  const doc = api();
  edit(doc);
  return breakingApiChanges(api(), doc);
};
const getOrder = (doc: Api) => doc.paths['/v1/shop/orders/{id}'].get;
const createOrder = (doc: Api) => doc.paths['/v1/shop/orders'].post;
const orderBody = (doc: Api) => getOrder(doc).responses[200].content['application/json'].schema as { required: string[]; properties: Record<string, unknown> };
const requestBody = (doc: Api) => createOrder(doc).requestBody.content['application/json'].schema as { required: string[]; properties: Record<string, unknown> };

t.test('when only things are added, then nothing breaks', async (t) => {
  t.same(changed((doc) => {
    (doc.paths as Record<string, unknown>)['/v1/shop/carts'] = { get: { operationId: 'shopListCarts', responses: {} } };
    (getOrder(doc).responses as Record<string, unknown>)[401] = { content: {} };
    orderBody(doc).properties.note = { type: 'string' };
    (orderBody(doc).required as string[]).push('note');
    requestBody(doc).properties.coupon = { type: 'string' };
    (getOrder(doc) as Record<string, unknown>).summary = 'One order, reworded';
  }), []);
});

t.test('when an operation, a response or a parameter goes, or an operationId changes, then each is named', async (t) => {
  t.same(changed((doc) => { delete (doc.paths as Record<string, unknown>)['/v1/shop/orders']; }), ['POST /v1/shop/orders: operation removed']);
  t.same(changed((doc) => { delete (getOrder(doc).responses as Record<string, unknown>)[404]; }), ['GET /v1/shop/orders/{id}: response 404 removed']);
  t.same(changed((doc) => { getOrder(doc).parameters = []; }), ['GET /v1/shop/orders/{id}: parameter path id removed']);
  t.same(changed((doc) => { getOrder(doc).operationId = 'shopOrder'; }), ['GET /v1/shop/orders/{id}: operationId shopGetOrder became shopOrder']);
  t.same(changed((doc) => { (getOrder(doc).parameters as unknown[]).push({ in: 'query', name: 'view', required: true, schema: { type: 'string' } }); }),
    ['GET /v1/shop/orders/{id}: new required parameter query view']);
});

t.test('when a field is removed or retyped, however deep, then it is named', async (t) => {
  t.same(changed((doc) => { delete orderBody(doc).properties.amount; }), ['GET /v1/shop/orders/{id} 200 application/json/amount: removed']);
  t.same(changed((doc) => { orderBody(doc).properties.amount = { type: 'string' }; }),
    ['GET /v1/shop/orders/{id} 200 application/json/amount: type or constraints changed']);
  t.same(changed((doc) => { orderBody(doc).properties.items = { type: 'array', items: { type: 'object', required: ['sku'], properties: { sku: { type: 'integer' } } } }; }),
    ['GET /v1/shop/orders/{id} 200 application/json/items[]/sku: type or constraints changed']);
});

t.test('when a response stops promising a field or a request needs a new one, then it breaks; the other way round it does not', async (t) => {
  t.same(changed((doc) => { orderBody(doc).required = ['id']; }), ['GET /v1/shop/orders/{id} 200 application/json/amount: no longer required']);
  t.same(changed((doc) => { requestBody(doc).required = ['sku', 'note']; }), ['POST /v1/shop/orders body application/json/note: newly required']);
  t.same(changed((doc) => { requestBody(doc).required = []; }), [], 'a request may need less');
});

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'joo-api-snapshot-')), 'openapi.json');

t.test('when the snapshot is updated, then additions are written and breaking changes write nothing', async (t) => {
  const file = tempFile();
  t.match(updateApiSnapshot(file, api()), { state: 'missing', written: true });
  t.same(checkApiSnapshot(file, api()), { state: 'current' });
  const added = api();
  (added.paths as Record<string, unknown>)['/v1/shop/carts'] = { get: { operationId: 'shopListCarts', responses: {} } };
  t.same(checkApiSnapshot(file, added), { state: 'stale' }, 'an addition not yet in the snapshot is stale');
  t.match(updateApiSnapshot(file, added), { state: 'stale', written: true });
  t.equal(readFileSync(file, 'utf8'), snapshotText(added));
  const broken = api();
  t.same(updateApiSnapshot(file, broken), { state: 'breaking', problems: ['GET /v1/shop/carts: operation removed'], written: false });
  t.equal(readFileSync(file, 'utf8'), snapshotText(added), 'the refused change wrote nothing');
});
