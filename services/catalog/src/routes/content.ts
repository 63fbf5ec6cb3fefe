import { Type } from 'typebox';
import { uuidv7 } from 'uuidv7';
import { PageQuery, Paginated, type App } from '@joo/service-kit';
import type { CatalogContext } from '../context.js';
import { listContent, type ContentFilter } from '../store/content.js';
import { changeContent, createContent, openContent, playback } from '../usecases/content.js';
import { idCursor, pageOf } from './pages.js';
import { bearer, IdParams, Instant, Locale, Nullable, OneOrBothLanguages, PREFIX, problemsFor, Uuid } from './schemas.js';
import { contentView } from './views.js';

const ContentType = Type.Enum(['lesson', 'live', 'test-set']);
const Languages = Type.Array(Locale, { minItems: 1, maxItems: 2, uniqueItems: true });

const ContentProperties = {
  id: Uuid,
  type: ContentType,
  subject: Type.String(),
  languages: Type.Array(Locale),
  title: Type.Object({ kk: Type.Optional(Type.String()), ru: Type.Optional(Type.String()) }),
  description: Nullable(Type.Object({ kk: Type.Optional(Type.String()), ru: Type.Optional(Type.String()) })),
  durationMinutes: Nullable(Type.Integer()),
  startsAt: Nullable(Instant),
  questionCount: Nullable(Type.Integer()),
  productIds: Type.Array(Uuid),
  status: Type.Enum(['published', 'archived']),
};
const Content = Type.Object(ContentProperties);
// One flat object rather than an intersection: the serializer compiles it to straight-line code.
const OpenedContent = Type.Object({
  ...ContentProperties,
  playbackUrl: Type.String({ description: 'signed, bound to you and this item; usable until playbackExpiresAt' }),
  playbackExpiresAt: Instant,
});

const Filters = {
  subject: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  lang: Type.Optional(Locale),
  type: Type.Optional(ContentType),
  product: Type.Optional(Uuid),
};

const FieldsBody = {
  type: ContentType,
  subject: Type.String({ minLength: 1, maxLength: 50 }),
  languages: Languages,
  title: OneOrBothLanguages(300),
  description: Type.Optional(Nullable(OneOrBothLanguages(5000))),
  mediaRef: Type.String({ minLength: 1, maxLength: 500, description: 'object-store key or stream name of the media' }),
  durationMinutes: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1440 }))),
  startsAt: Type.Optional(Nullable(Instant)),
  questionCount: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1000 }))),
  productIds: Type.Array(Uuid, { maxItems: 50, uniqueItems: true }),
};
const CreateBody = Type.Object({ id: Type.Optional(Uuid), ...FieldsBody }, { additionalProperties: false });
const PatchBody = Type.Partial(Type.Object({ ...FieldsBody, status: Type.Enum(['published', 'archived']) }), {
  additionalProperties: false, minProperties: 1,
});

const PlaybackQuery = Type.Object({
  user: Uuid,
  expires: Type.Integer({ minimum: 0, maximum: 1e11 }),
  signature: Type.String({ minLength: 1, maxLength: 100 }),
});
const Playback = Type.Object({
  contentId: Uuid,
  type: ContentType,
  mediaRef: Type.String(),
  startsAt: Nullable(Instant),
  expiresAt: Instant,
});

function filterOf(q: { subject?: string; lang?: 'kk' | 'ru'; type?: 'lesson' | 'live' | 'test-set'; product?: string; limit?: number; cursor?: string }, includeArchived: boolean): ContentFilter {
  const before = idCursor(q.cursor);
  return {
    includeArchived, limit: (q.limit ?? 20) + 1,
    ...(q.subject ? { subject: q.subject } : {}), ...(q.lang ? { lang: q.lang } : {}), ...(q.type ? { type: q.type } : {}),
    ...(q.product ? { productId: q.product } : {}), ...(before ? { before } : {}),
  };
}

const toDate = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? null : new Date(value));

export function contentRoutes(app: App, ctx: CatalogContext): void {
  const admin = { preHandler: app.requireRole('admin') };

  app.get(`${PREFIX}/content`, {
    schema: {
      operationId: 'catalogListContent', security: [],
      tags: ['catalog'], summary: 'Published content, newest first (public; media only through GET /content/:id)',
      querystring: Type.Object({ ...PageQuery, ...Filters }), response: { 200: Paginated(Content), ...problemsFor(400) },
    },
  }, async (request) => pageOf(await listContent(ctx.pool, filterOf(request.query, false)), request.query.limit ?? 20, contentView));

  app.get(`${PREFIX}/content/:id`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'catalogGetContent',
      tags: ['catalog'], summary: 'Open a content item: a signed playback URL when one of your packages includes it, else 403 no-entitlement',
      security: bearer, params: IdParams, response: { 200: OpenedContent, ...problemsFor(400, 401, 403, 404) },
    },
  }, async (request) => {
    const opened = await openContent(ctx, request.params.id, { userId: request.user.sub, roles: request.user.roles });
    return { ...contentView(opened.item), playbackUrl: opened.playbackUrl, playbackExpiresAt: opened.playbackExpiresAt.toISOString() };
  });

  app.get(`${PREFIX}/playback/:id`, {
    schema: {
      operationId: 'catalogGetPlayback', security: [],
      tags: ['catalog'], summary: 'The media behind a signed playback URL (the signature is the permission)',
      params: IdParams, querystring: PlaybackQuery, response: { 200: Playback, ...problemsFor(400, 403, 404) },
    },
  }, async (request, reply) => {
    const { item, expiresAt } = await playback(ctx, request.params.id, request.query);
    reply.header('cache-control', 'private, no-store');
    return { contentId: item.id, type: item.type, mediaRef: item.mediaRef, startsAt: item.startsAt?.toISOString() ?? null, expiresAt: expiresAt.toISOString() };
  });

  app.get(`${PREFIX}/admin/content`, {
    ...admin,
    schema: {
      operationId: 'catalogAdminListContent',
      tags: ['catalog-admin'], summary: 'All content, archived included', security: bearer,
      querystring: Type.Object({ ...PageQuery, ...Filters }), response: { 200: Paginated(Content), ...problemsFor(400, 401, 403) },
    },
  }, async (request) => pageOf(await listContent(ctx.pool, filterOf(request.query, true)), request.query.limit ?? 20, contentView));

  app.post(`${PREFIX}/admin/content`, {
    ...admin,
    schema: {
      operationId: 'catalogAdminCreateContent',
      tags: ['catalog-admin'], summary: 'Add a content item', security: bearer, body: CreateBody,
      response: { 201: Content, ...problemsFor(400, 401, 403, 409, 422) },
    },
  }, async (request, reply) => {
    const { id, startsAt, ...fields } = request.body;
    const item = await createContent(ctx, { ...fields, id: id ?? uuidv7(), startsAt: toDate(startsAt) ?? null });
    return reply.code(201).send(contentView(item));
  });

  app.patch(`${PREFIX}/admin/content/:id`, {
    ...admin,
    schema: {
      operationId: 'catalogAdminUpdateContent',
      tags: ['catalog-admin'], summary: 'Change a content item; status archived hides it', security: bearer, params: IdParams,
      body: PatchBody, response: { 200: Content, ...problemsFor(400, 401, 403, 404, 422) },
    },
  }, async (request) => {
    const { startsAt, ...changes } = request.body;
    const date = toDate(startsAt);
    return contentView(await changeContent(ctx, request.params.id, { ...changes, ...(date !== undefined ? { startsAt: date } : {}) }));
  });

  app.delete(`${PREFIX}/admin/content/:id`, {
    ...admin,
    schema: {
      operationId: 'catalogAdminArchiveContent',
      tags: ['catalog-admin'], summary: 'Archive a content item (kept for whoever has watched it; hidden from lists)', security: bearer,
      params: IdParams, response: { 200: Content, ...problemsFor(400, 401, 403, 404) },
    },
  }, async (request) => contentView(await changeContent(ctx, request.params.id, { status: 'archived' })));
}
