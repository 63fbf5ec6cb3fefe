import { Type } from 'typebox';
import { ADMIN_TAG, PageQuery, Paginated, ProblemSchema, type App } from '@joo/service-kit';
import type { PracticeContext } from '../context.js';
import { createQuestion, editQuestion, getQuestion, importQuestions, listBank } from '../usecases/questions.js';
import { questionStats } from '../usecases/stats.js';
import { AnswerSchema, bearer, IdParams, Kind, Language, NewQuestion, Nullable, Option, PREFIX, problemsFor, SubjectCode, Topic, Uuid } from './schemas.js';

const Created = Type.Object({ id: Uuid, version: Type.Integer() });
const QuestionView = Type.Object({
  id: Uuid, version: Type.Integer(), subject: Type.String(), topic: Type.String(), language: Language, kind: Kind,
  stem: Type.String(), options: Type.Array(Option), answer: AnswerSchema, explanation: Type.String(),
  difficulty: Nullable(Type.Integer()), contextId: Nullable(Uuid), free: Type.Boolean(),
  demo: Type.Boolean({ description: 'generated or authored demo content seeded by pnpm start, not exam material' }),
  createdAt: Type.String({ format: 'date-time' }), updatedAt: Type.String({ format: 'date-time' }),
});
const ImportProblem = Type.Object({
  ...ProblemSchema.properties,
  rows: Type.Optional(Type.Array(Type.Object({ index: Type.Integer(), field: Type.String(), message: Type.String() }))),
}, { additionalProperties: true });

export function questionRoutes(app: App, ctx: PracticeContext): void {
  const authors = { onRequest: app.requireRole('admin', 'author') };
  const tags = ['practice', ADMIN_TAG.name];

  app.post(`${PREFIX}/admin/questions`, {
    ...authors,
    schema: {
      operationId: 'practiceAddQuestion',
      tags, summary: 'Add a question to the bank; its answer is checked against its kind', security: bearer, body: NewQuestion,
      response: { 201: Created, ...problemsFor(400, 401, 403) },
    },
  }, async (request, reply) => reply.code(201).send(await createQuestion(ctx, request.user.sub, request.body)));

  app.put(`${PREFIX}/admin/questions/:id`, {
    ...authors,
    schema: {
      operationId: 'practiceEditQuestion',
      tags, summary: 'Edit a question: a new version; sessions keep the version they were given', security: bearer, params: IdParams, body: NewQuestion,
      response: { 200: Created, ...problemsFor(400, 401, 403, 404) },
    },
  }, async (request) => editQuestion(ctx, request.user.sub, request.params.id, request.body));

  app.post(`${PREFIX}/admin/questions/import`, {
    ...authors,
    schema: {
      operationId: 'practiceImportQuestions',
      tags, summary: 'Import questions: all or nothing; a 422 lists every bad row with its index and field', security: bearer,
      body: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 500 }),
      response: { 201: Type.Object({ items: Type.Array(Created) }), 422: ImportProblem, ...problemsFor(400, 401, 403) },
    },
  }, async (request, reply) => reply.code(201).send(await importQuestions(ctx, request.user.sub, request.body)));

  app.get(`${PREFIX}/admin/questions`, {
    ...authors,
    schema: {
      operationId: 'practiceListQuestions',
      tags, summary: 'The bank at each question\'s latest version, filtered', security: bearer,
      querystring: Type.Object({ subject: Type.Optional(SubjectCode), topic: Type.Optional(Topic), language: Type.Optional(Language), ...PageQuery }, { additionalProperties: false }),
      response: { 200: Paginated(QuestionView), ...problemsFor(400, 401, 403) },
    },
  }, async (request) => {
    const { subject, topic, language, cursor, limit } = request.query;
    return listBank(ctx, { ...(subject ? { subject } : {}), ...(topic ? { topic } : {}), ...(language ? { language } : {}), ...(cursor ? { cursor } : {}), limit: limit ?? 20 });
  });

  app.get(`${PREFIX}/admin/questions/:id`, {
    ...authors,
    schema: { operationId: 'practiceGetQuestion', tags, summary: 'A question at its latest version', security: bearer, params: IdParams, response: { 200: QuestionView, ...problemsFor(400, 401, 403, 404) } },
  }, async (request) => getQuestion(ctx, request.params.id));

  app.get(`${PREFIX}/admin/questions/:id/stats`, {
    ...authors,
    schema: {
      operationId: 'practiceGetQuestionStats',
      tags, summary: 'Answers recorded in practice: attempts, share correct, and the upper–lower 27 % discrimination index (null below 10 ranked answers)',
      security: bearer, params: IdParams,
      response: { 200: Type.Object({ attempts: Type.Integer(), correctShare: Nullable(Type.Number()), discrimination: Nullable(Type.Number()) }), ...problemsFor(400, 401, 403, 404) },
    },
  }, async (request) => questionStats(ctx, request.params.id));
}
