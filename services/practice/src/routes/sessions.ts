import { Type } from 'typebox';
import type { App } from '@joo/service-kit';
import type { PracticeContext } from '../context.js';
import type { Answer } from '../domain/answers.js';
import { answerQuestion, startSession } from '../usecases/sessions.js';
import { AnswerSchema, bearer, IdParams, Language, Nullable, PREFIX, problemsFor, StudentQuestion, SubjectCode, Topic, Uuid } from './schemas.js';

export function sessionRoutes(app: App, ctx: PracticeContext): void {
  const tags = ['practice'];

  app.post(`${PREFIX}/sessions`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'practiceStartSession',
      tags, summary: 'Start a practice session: random questions of a subject (and topic), never with their answers; the free demo set without a package',
      security: bearer,
      body: Type.Object({ subject: SubjectCode, topic: Type.Optional(Topic), language: Language, count: Type.Integer({ minimum: 1, maximum: 40 }) }, { additionalProperties: false }),
      response: {
        201: Type.Object({
          id: Uuid, subject: Type.String(), topic: Nullable(Type.String()), language: Language,
          freeOnly: Type.Boolean({ description: 'true without an active package: only the free demo set was drawn from' }),
          questions: Type.Array(StudentQuestion),
        }),
        ...problemsFor(400, 401, 403, 422),
      },
    },
  }, async (request, reply) => {
    const { subject, topic, language, count } = request.body;
    reply.code(201).send(await startSession(ctx, request.user.sub, { subject, language, count, ...(topic ? { topic: topic.trim() } : {}) }));
  });

  app.post(`${PREFIX}/sessions/:id/answers`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'practiceAnswerQuestion',
      tags, summary: 'Answer a question of your session: scored by the format\'s rule for its kind; the first answer counts', security: bearer,
      params: IdParams,
      body: Type.Object({ questionId: Uuid, answer: AnswerSchema }, { additionalProperties: false }),
      response: {
        200: Type.Object({ correct: Type.Boolean(), points: Type.Integer(), maxPoints: Type.Integer(), explanation: Type.String(), correctAnswer: AnswerSchema }),
        ...problemsFor(400, 401, 404, 409),
      },
    },
  }, async (request) => answerQuestion(ctx, request.user.sub, request.params.id, { questionId: request.body.questionId, answer: request.body.answer as Answer }));
}
