import { Type } from 'typebox';
import type { App } from '@joo/service-kit';
import type { PracticeContext } from '../context.js';
import type { Answer } from '../domain/answers.js';
import { fileAppeal } from '../usecases/appeals.js';
import { finishMock, getMock, saveMockAnswer, startMock } from '../usecases/mocks.js';
import { listWindows } from '../usecases/windows.js';
import { MockResult, MockView, StartedMock } from './mock-schemas.js';
import { AnswerSchema, bearer, Language, PREFIX, problemsFor, SubjectCode, Uuid } from './schemas.js';

const AttemptParams = Type.Object({ attemptId: Uuid });

export function mockRoutes(app: App, ctx: PracticeContext): void {
  const tags = ['practice'];

  app.get(`${PREFIX}/windows`, {
    schema: {
      operationId: 'practiceListWindows',
      tags, summary: 'Mock windows open now and to come (the weekly default and admins\')', security: [],
      response: {
        200: Type.Object({ items: Type.Array(Type.Object({
          id: Uuid, opensAt: Type.String({ format: 'date-time' }), closesAt: Type.String({ format: 'date-time' }),
          source: Type.Union([Type.Literal('weekly'), Type.Literal('admin')]), open: Type.Boolean(),
        })) }),
      },
    },
  }, async () => listWindows(ctx));

  app.post(`${PREFIX}/mocks`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'practiceStartMock',
      tags, summary: 'Start the weekly mock of the open window: 120 tasks by the format, never with their keys; one attempt per window',
      security: bearer,
      body: Type.Object({ profileSubjects: Type.Array(SubjectCode, { minItems: 2, maxItems: 2 }), language: Language }, { additionalProperties: false }),
      response: { 201: StartedMock, ...problemsFor(400, 401, 403, 409, 422) },
    },
  }, async (request, reply) => reply.code(201).send(await startMock(ctx, request.user.sub, request.body)));

  app.get(`${PREFIX}/mocks/:attemptId`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'practiceGetMock',
      tags, summary: 'Your attempt with your saved answers; after finishing the score, keys and explanations', security: bearer,
      params: AttemptParams, response: { 200: MockView, ...problemsFor(400, 401, 404) },
    },
  }, async (request) => getMock(ctx, request.user.sub, request.params.attemptId));

  app.put(`${PREFIX}/mocks/:attemptId/answers/:questionId`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'practiceSaveMockAnswer',
      tags, summary: 'Save (or change) your answer to a task; committed before the 204', security: bearer,
      params: Type.Object({ attemptId: Uuid, questionId: Uuid }),
      body: Type.Object({ answer: AnswerSchema }, { additionalProperties: false }),
      response: { 204: Type.Null(), ...problemsFor(400, 401, 404, 409, 422) },
    },
  }, async (request, reply) => {
    await saveMockAnswer(ctx, request.user.sub, request.params.attemptId, request.params.questionId, request.body.answer as Answer);
    return reply.code(204).send(null);
  });

  app.post(`${PREFIX}/mocks/:attemptId/finish`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'practiceFinishMock',
      tags, summary: 'Finish and score your attempt; finishing again answers the same result', security: bearer,
      params: AttemptParams, response: { 200: MockResult, ...problemsFor(400, 401, 404) },
    },
  }, async (request) => finishMock(ctx, request.user.sub, request.params.attemptId));

  app.post(`${PREFIX}/mocks/:attemptId/appeals`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'practiceFileAppeal',
      tags, summary: 'Appeal a task of your finished attempt within the format\'s appeal window (30 minutes)', security: bearer,
      params: AttemptParams,
      body: Type.Object({ questionId: Uuid, reason: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }) }, { additionalProperties: false }),
      response: {
        201: Type.Object({ id: Uuid, status: Type.Literal('pending'), questionId: Uuid, version: Type.Integer() }),
        ...problemsFor(400, 401, 404, 409),
      },
    },
  }, async (request, reply) => reply.code(201).send(await fileAppeal(ctx, request.user.sub, request.params.attemptId, request.body)));
}
