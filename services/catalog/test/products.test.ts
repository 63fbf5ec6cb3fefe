import t from 'tap';
import { uuidv7 } from 'uuidv7';
import { seed } from '../src/seed.js';
import { build, outbox, PREMIUM_PACKAGE_ID, STANDARD_PACKAGE_ID } from './helper.js';

const newProduct = {
  kind: 'subscription', code: 'video-month', title: { kk: 'Бейнесабақтар, 1 ай', ru: 'Видеоуроки, 1 месяц' },
  features: { kk: ['Жазылған сабақтар'], ru: ['Записанные уроки'] }, bonus: null, price: 1_500_000, courseMonths: 1, bonusDays: 0,
  requiresProfileSubject: false,
};

t.test('when the seed has run, then the two packages of Appendix 2 are on sale with their terms', async (t) => {
  const { app, pool } = await build(t);
  const list = (await app.inject({ method: 'GET', url: '/v1/catalog/products' })).json();
  t.same(list.items.map((p: { id: string }) => p.id), [STANDARD_PACKAGE_ID, PREMIUM_PACKAGE_ID]);
  t.equal(list.nextCursor, null);
  const standard = (await app.inject({ method: 'GET', url: `/v1/catalog/products/${STANDARD_PACKAGE_ID}` })).json();
  t.match(standard, {
    code: 'standard', kind: 'package', version: 1, status: 'active', price: 16_000_000, currency: 'KZT', courseMonths: 4, bonusDays: 30,
    requiresProfileSubject: true, title: { kk: 'СТАНДАРТ', ru: 'Стандарт' },
  });
  t.equal(standard.features.ru.length, 10);
  t.equal(standard.features.kk.length, 10);
  const premium = list.items[1];
  t.equal(premium.price, 25_000_000);
  t.equal(premium.features.ru.length, 12);
  t.match(premium.features.kk[10], /психолог/);

  const events = await outbox(pool, 'catalog.product.changed.v1');
  t.equal(events.length, 2, 'the seed told billing about both');
  t.match(events[0], { productId: STANDARD_PACKAGE_ID, version: 1, price: 16_000_000, status: 'active', requiresProfileSubject: true });

  const again = await seed(pool);
  t.same(again, { products: 0, content: 0 }, 'seeding again changes nothing');
  t.equal((await outbox(pool, 'catalog.product.changed.v1')).length, 2);
});

t.test('when an admin creates, versions and retires a product, then each step is published and nothing is lost', async (t) => {
  const { app, pool, as } = await build(t);
  const admin = as(uuidv7(), ['admin']);
  const created = await app.inject({ method: 'POST', url: '/v1/catalog/admin/products', headers: admin, payload: newProduct });
  t.equal(created.statusCode, 201);
  const id = created.json().id;
  t.match(created.json(), { version: 1, status: 'active', price: 1_500_000 });

  const named = uuidv7();
  const withId = await app.inject({ method: 'POST', url: '/v1/catalog/admin/products', headers: admin, payload: { ...newProduct, id: named, code: 'named' } });
  t.equal(withId.statusCode, 201, 'a caller may name the product in advance');
  t.equal(withId.json().id, named);
  const sameId = await app.inject({ method: 'POST', url: '/v1/catalog/admin/products', headers: admin, payload: { ...newProduct, id: named, code: 'other' } });
  t.equal(sameId.json().code, 'product-exists');

  const taken = await app.inject({ method: 'POST', url: '/v1/catalog/admin/products', headers: admin, payload: newProduct });
  t.equal(taken.statusCode, 409);
  t.equal(taken.json().code, 'product-code-taken');

  const v2 = await app.inject({ method: 'POST', url: `/v1/catalog/admin/products/${id}/versions`, headers: admin, payload: { price: 1_800_000 } });
  t.equal(v2.statusCode, 201);
  t.match(v2.json(), { version: 2, price: 1_800_000, title: newProduct.title });

  const retired = await app.inject({ method: 'POST', url: `/v1/catalog/admin/products/${id}/retire`, headers: admin });
  t.equal(retired.statusCode, 200);
  t.equal(retired.json().status, 'retired');
  const retiredAgain = await app.inject({ method: 'POST', url: `/v1/catalog/admin/products/${id}/retire`, headers: admin });
  t.equal(retiredAgain.statusCode, 200, 'retiring twice is harmless');
  const v3 = await app.inject({ method: 'POST', url: `/v1/catalog/admin/products/${id}/versions`, headers: admin, payload: { price: 1 } });
  t.equal(v3.statusCode, 409);
  t.equal(v3.json().code, 'product-retired');

  const events = await outbox(pool, 'catalog.product.changed.v1', id);
  t.same(events.map((e) => [e.version, e.price, e.status]), [[1, 1_500_000, 'active'], [2, 1_800_000, 'active'], [2, 1_800_000, 'retired']]);

  const publicList = (await app.inject({ method: 'GET', url: '/v1/catalog/products' })).json();
  t.notOk(publicList.items.some((p: { id: string }) => p.id === id), 'a retired product is not on sale');
  t.equal((await app.inject({ method: 'GET', url: `/v1/catalog/products/${id}` })).json().status, 'retired', 'but can still be looked up');
  const adminList = (await app.inject({ method: 'GET', url: '/v1/catalog/admin/products?status=retired', headers: admin })).json();
  t.same(adminList.items.map((p: { id: string }) => p.id), [id]);
});

t.test('when the terms make no sense, then the product is refused with the field named', async (t) => {
  const { app, as } = await build(t);
  const admin = as(uuidv7(), ['admin']);
  const none = await app.inject({ method: 'POST', url: '/v1/catalog/admin/products', headers: admin, payload: { ...newProduct, courseMonths: 0, bonusDays: 0 } });
  t.equal(none.statusCode, 400);
  t.match(none.json().errors, [{ field: '/courseMonths' }]);
  const unpaired = await app.inject({ method: 'POST', url: '/v1/catalog/admin/products', headers: admin, payload: { ...newProduct, features: { kk: ['a'], ru: [] } } });
  t.equal(unpaired.statusCode, 400);
  const negative = await app.inject({ method: 'POST', url: '/v1/catalog/admin/products', headers: admin, payload: { ...newProduct, price: -5 } });
  t.equal(negative.statusCode, 400);
  t.match(negative.json().errors, [{ field: '/price' }]);
});

t.test('when a student or nobody calls the admin routes, then they are refused', async (t) => {
  const { app, as } = await build(t);
  const student = await app.inject({ method: 'POST', url: '/v1/catalog/admin/products', headers: as(uuidv7()), payload: newProduct });
  t.equal(student.statusCode, 403);
  const anonymous = await app.inject({ method: 'POST', url: `/v1/catalog/admin/products/${STANDARD_PACKAGE_ID}/retire` });
  t.equal(anonymous.statusCode, 401);
});

t.test('when products are listed a page at a time, then the cursor walks them all', async (t) => {
  const { app } = await build(t);
  const first = (await app.inject({ method: 'GET', url: '/v1/catalog/products?limit=1' })).json();
  t.equal(first.items.length, 1);
  t.type(first.nextCursor, 'string');
  const second = (await app.inject({ method: 'GET', url: `/v1/catalog/products?limit=1&cursor=${first.nextCursor}` })).json();
  t.same([first.items[0].id, second.items[0].id], [STANDARD_PACKAGE_ID, PREMIUM_PACKAGE_ID]);
  const bad = await app.inject({ method: 'GET', url: '/v1/catalog/products?cursor=WyJ4Il0' });
  t.equal(bad.statusCode, 400);
});

t.test('when the subjects are asked for, then every profile pair names two profile subjects in kk and ru', async (t) => {
  const { app } = await build(t, { seed: false });
  const body = (await app.inject({ method: 'GET', url: '/v1/catalog/subjects' })).json();
  t.equal(body.subjects.filter((s: { compulsory: boolean }) => s.compulsory).length, 3);
  t.ok(body.profilePairs.some((p: { code: string; subjects: string[] }) => p.code === 'math-physics' && p.subjects.join() === 'math,physics'));
  for (const s of body.subjects) t.ok(s.name.kk && s.name.ru, `${s.code} has both names`);
});
