import { Type } from 'typebox';
import { decodeCursor, encodeCursor, PageQuery, Paginated, problems, type App } from '@joo/service-kit';
import type { CatalogContext } from '../context.js';
import { listAllNews, listPublished, type News } from '../store/news.js';
import { changeNews, createNews, publishNews, removeNews } from '../usecases/news.js';
import { idCursor, pageOf } from './pages.js';
import { Bilingual, bearer, IdParams, Instant, Locale, Nullable, PREFIX, problemsFor, Uuid } from './schemas.js';

const Origin = Nullable(Type.Object({ source: Type.String(), id: Type.String(), kind: Type.String() }));
const PublicNews = Type.Object({
  id: Uuid, locale: Locale, title: Type.String(), summary: Nullable(Type.String()), body: Type.String(), publishedAt: Instant, origin: Origin,
});
const AdminNews = Type.Object({
  id: Uuid, title: Bilingual(), summary: Nullable(Bilingual()), body: Bilingual(), status: Type.Enum(['draft', 'published']),
  publishedAt: Nullable(Instant), origin: Origin, createdAt: Instant, updatedAt: Instant,
});
const Fields = { title: Bilingual(300), summary: Type.Optional(Nullable(Bilingual(1000))), body: Bilingual(50_000) };
const CreateBody = Type.Object({ ...Fields, publish: Type.Optional(Type.Boolean({ default: false })) }, { additionalProperties: false });
const PatchBody = Type.Partial(Type.Object(Fields), { additionalProperties: false, minProperties: 1 });

const adminView = (n: News) => ({
  ...n, publishedAt: n.publishedAt?.toISOString() ?? null, createdAt: n.createdAt.toISOString(), updatedAt: n.updatedAt.toISOString(),
});

/** `[publishedAt, id]` of the last item of the previous page. */
function newsCursor(cursor: string | undefined): { publishedAt: Date; id: string } | undefined {
  const key = decodeCursor(cursor, 2);
  if (!key) return undefined;
  const [at, id] = key;
  const date = typeof at === 'string' ? new Date(at) : null;
  if (!date || Number.isNaN(date.getTime()) || typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw problems.badRequest('The cursor is not valid', [{ field: 'query/cursor', message: 'is not a cursor this API returned' }]);
  }
  return { publishedAt: date, id };
}

export function newsRoutes(app: App, ctx: CatalogContext): void {
  const admin = { preHandler: app.requireRole('admin') };

  app.get(`${PREFIX}/news`, {
    schema: {
      operationId: 'catalogListNews', security: [],
      tags: ['catalog'], summary: 'Published news in one language, newest first (public)',
      querystring: Type.Object({ ...PageQuery, locale: Type.Optional(Locale) }), response: { 200: Paginated(PublicNews), ...problemsFor(400) },
    },
  }, async (request) => {
    const limit = request.query.limit ?? 20;
    const locale = request.query.locale ?? 'ru';
    const before = newsCursor(request.query.cursor);
    const rows = await listPublished(ctx.pool, { limit: limit + 1, ...(before ? { before } : {}) });
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map((n) => ({
        id: n.id, locale, title: n.title[locale], summary: n.summary?.[locale] ?? null, body: n.body[locale],
        publishedAt: n.publishedAt!.toISOString(), origin: n.origin,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor([last.publishedAt!.toISOString(), last.id]) : null,
    };
  });

  app.get(`${PREFIX}/admin/news`, {
    ...admin,
    schema: {
      operationId: 'catalogAdminListNews',
      tags: ['catalog-admin'], summary: 'All news, drafts included, newest first', security: bearer, querystring: Type.Object(PageQuery),
      response: { 200: Paginated(AdminNews), ...problemsFor(400, 401, 403) },
    },
  }, async (request) => {
    const limit = request.query.limit ?? 20;
    const before = idCursor(request.query.cursor);
    return pageOf(await listAllNews(ctx.pool, { limit: limit + 1, ...(before ? { before } : {}) }), limit, adminView);
  });

  app.post(`${PREFIX}/admin/news`, {
    ...admin,
    schema: {
      operationId: 'catalogAdminCreateNews',
      tags: ['catalog-admin'], summary: 'Write news (a draft, or published at once with publish: true)', security: bearer, body: CreateBody,
      response: { 201: AdminNews, ...problemsFor(400, 401, 403) },
    },
  }, async (request, reply) => {
    const { summary, ...rest } = request.body;
    return reply.code(201).send(adminView(await createNews(ctx, { ...rest, ...(summary !== undefined ? { summary } : {}) })));
  });

  app.patch(`${PREFIX}/admin/news/:id`, {
    ...admin,
    schema: {
      operationId: 'catalogAdminUpdateNews',
      tags: ['catalog-admin'], summary: 'Edit news', security: bearer, params: IdParams, body: PatchBody,
      response: { 200: AdminNews, ...problemsFor(400, 401, 403, 404) },
    },
  }, async (request) => {
    const { summary, ...rest } = request.body;
    return adminView(await changeNews(ctx, request.params.id, { ...rest, ...(summary !== undefined ? { summary } : {}) }));
  });

  app.post(`${PREFIX}/admin/news/:id/publish`, {
    ...admin,
    schema: {
      operationId: 'catalogAdminPublishNews',
      tags: ['catalog-admin'], summary: 'Publish a draft', security: bearer, params: IdParams,
      response: { 200: AdminNews, ...problemsFor(400, 401, 403, 404) },
    },
  }, async (request) => adminView(await publishNews(ctx, request.params.id)));

  app.delete(`${PREFIX}/admin/news/:id`, {
    ...admin,
    schema: {
      operationId: 'catalogAdminDeleteNews',
      tags: ['catalog-admin'], summary: 'Delete news', security: bearer, params: IdParams,
      response: { 204: Type.Null(), ...problemsFor(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await removeNews(ctx, request.params.id);
    return reply.code(204).send(null);
  });
}
