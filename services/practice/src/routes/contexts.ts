import { Type } from 'typebox';
import { ADMIN_TAG, PageQuery, Paginated, type App } from '@joo/service-kit';
import type { PracticeContext } from '../context.js';
import { createContext, getContext, listContextPage } from '../usecases/contexts.js';
import { bearer, IdParams, Language, PREFIX, problemsFor, SubjectCode, Uuid } from './schemas.js';

const ContextView = Type.Object({
  id: Uuid, subject: Type.String(), language: Language, title: Type.String(), text: Type.String(), createdAt: Type.String({ format: 'date-time' }),
});

/** Contexts: a text, table or picture reference that several context tasks share. */
export function contextRoutes(app: App, ctx: PracticeContext): void {
  const authors = { onRequest: app.requireRole('admin', 'author') };
  const tags = ['practice', ADMIN_TAG.name];

  app.post(`${PREFIX}/admin/contexts`, {
    ...authors,
    schema: {
      operationId: 'practiceAddContext',
      tags, summary: 'Add a context (a text, table or picture reference) for context tasks', security: bearer,
      body: Type.Object({
        subject: SubjectCode, language: Language,
        title: Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' }),
        text: Type.String({ minLength: 1, maxLength: 20_000, pattern: '\\S' }),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Uuid }), ...problemsFor(400, 401, 403) },
    },
  }, async (request, reply) => reply.code(201).send(await createContext(ctx, request.user.sub, request.body)));

  app.get(`${PREFIX}/admin/contexts`, {
    ...authors,
    schema: {
      operationId: 'practiceListContexts',
      tags, summary: 'Contexts, oldest first', security: bearer,
      querystring: Type.Object({ subject: Type.Optional(SubjectCode), language: Type.Optional(Language), ...PageQuery }, { additionalProperties: false }),
      response: { 200: Paginated(ContextView), ...problemsFor(400, 401, 403) },
    },
  }, async (request) => {
    const { subject, language, cursor, limit } = request.query;
    return listContextPage(ctx, { ...(subject ? { subject } : {}), ...(language ? { language } : {}), ...(cursor ? { cursor } : {}), limit: limit ?? 20 });
  });

  app.get(`${PREFIX}/admin/contexts/:id`, {
    ...authors,
    schema: { operationId: 'practiceGetContext', tags, summary: 'A context', security: bearer, params: IdParams, response: { 200: ContextView, ...problemsFor(400, 401, 403, 404) } },
  }, async (request) => getContext(ctx, request.params.id));
}
