import { Type } from 'typebox';
import { uuidv7 } from 'uuidv7';
import { PageQuery, Paginated, problems, type App } from '@joo/service-kit';
import type { CatalogContext } from '../context.js';
import { findProduct, listProducts } from '../store/products.js';
import { createProduct, newProductVersion, retireProduct } from '../usecases/products.js';
import { bearer, IdParams, Product, ProductCode, ProductKind, PREFIX, problemsFor, TermsFields, Uuid } from './schemas.js';
import { idCursor, pageOf } from './pages.js';
import { productView } from './views.js';

const CreateBody = Type.Object({
  id: Type.Optional(Type.String({ ...Uuid, description: 'chosen by the caller to name it in advance; default a new UUIDv7' })),
  kind: ProductKind, code: ProductCode, ...TermsFields,
}, { additionalProperties: false });
const VersionBody = Type.Partial(Type.Object(TermsFields), { additionalProperties: false, minProperties: 1 });

async function page(ctx: CatalogContext, status: 'active' | 'retired' | null, query: { limit?: number; cursor?: string }) {
  const limit = query.limit ?? 20;
  const after = idCursor(query.cursor);
  const rows = await listProducts(ctx.pool, { status, limit: limit + 1, ...(after ? { after } : {}) });
  return pageOf(rows, limit, productView);
}

export function productRoutes(app: App, ctx: CatalogContext): void {
  const admin = { preHandler: app.requireRole('admin') };

  app.get(`${PREFIX}/products`, {
    schema: {
      operationId: 'catalogListProducts', security: [],
      tags: ['catalog'], summary: 'Products on sale (public)', querystring: Type.Object(PageQuery),
      response: { 200: Paginated(Product), ...problemsFor(400) },
    },
  }, async (request) => page(ctx, 'active', request.query));

  app.get(`${PREFIX}/products/:id`, {
    schema: {
      operationId: 'catalogGetProduct', security: [],
      tags: ['catalog'], summary: 'A product, retired ones included (public)', params: IdParams,
      response: { 200: Product, ...problemsFor(400, 404) },
    },
  }, async (request) => {
    const product = await findProduct(ctx.pool, request.params.id);
    if (!product) throw problems.notFound('No such product');
    return productView(product);
  });

  app.get(`${PREFIX}/admin/products`, {
    ...admin,
    schema: {
      operationId: 'catalogAdminListProducts',
      tags: ['catalog-admin'], summary: 'Every product, any status', security: bearer,
      querystring: Type.Object({ ...PageQuery, status: Type.Optional(Type.Enum(['active', 'retired'])) }),
      response: { 200: Paginated(Product), ...problemsFor(400, 401, 403) },
    },
  }, async (request) => page(ctx, request.query.status ?? null, request.query));

  app.post(`${PREFIX}/admin/products`, {
    ...admin,
    schema: {
      operationId: 'catalogAdminCreateProduct',
      tags: ['catalog-admin'], summary: 'Create a product (version 1)', security: bearer,
      body: CreateBody,
      response: { 201: Product, ...problemsFor(400, 401, 403, 409) },
    },
  }, async (request, reply) => {
    const product = await createProduct(ctx, { ...request.body, id: request.body.id ?? uuidv7() });
    return reply.code(201).send(productView(product));
  });

  app.post(`${PREFIX}/admin/products/:id/versions`, {
    ...admin,
    schema: {
      operationId: 'catalogAdminCreateProductVersion',
      tags: ['catalog-admin'], summary: 'New version of a product: changed terms over the current ones', security: bearer,
      params: IdParams, body: VersionBody, response: { 201: Product, ...problemsFor(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => reply.code(201).send(productView(await newProductVersion(ctx, request.params.id, request.body))));

  app.post(`${PREFIX}/admin/products/:id/retire`, {
    ...admin,
    schema: {
      operationId: 'catalogAdminRetireProduct',
      tags: ['catalog-admin'], summary: 'Retire a product: no longer sold; what was bought keeps working (offer 5.8)', security: bearer,
      params: IdParams, response: { 200: Product, ...problemsFor(400, 401, 403, 404) },
    },
  }, async (request) => productView(await retireProduct(ctx, request.params.id)));
}
