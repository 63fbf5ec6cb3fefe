import { Type } from 'typebox';
import { Paginated, PageQuery, type App } from '@joo/service-kit';
import type { onRequestAsyncHookHandler } from 'fastify';
import type { ContestsContext } from '../context.js';
import { enterContest, getDraw, getPublicContest, listPublicContests } from '../usecases/contests-student.js';
import { ContestSummary, DrawResult, StudentContest } from './contest-schemas.js';
import { bearer, IdParams, PREFIX, problemsFor, withoutUndefined } from './schemas.js';

export function contestRoutes(app: App, ctx: ContestsContext): void {
  const tags = ['contests'];
  // Contests are public; a signed-in student also sees their own entry.
  const optionalAuth: onRequestAsyncHookHandler = async function (request, reply) {
    if (request.headers.authorization) await app.authenticate.call(this, request, reply);
  };

  app.get(PREFIX, {
    schema: {
      operationId: 'contestsListContests', security: [],
      tags, summary: 'Launched contests, newest first',
      querystring: Type.Object(PageQuery, { additionalProperties: false }),
      response: { 200: Paginated(ContestSummary), ...problemsFor(400) },
    },
  }, async (request) => listPublicContests(ctx, withoutUndefined({ limit: request.query.limit ?? 20, cursor: request.query.cursor })));

  app.get(`${PREFIX}/:id`, {
    onRequest: optionalAuth,
    schema: {
      operationId: 'contestsGetContest', security: [{}, { bearer: [] }],
      tags, summary: 'A contest: conditions, prizes, the draw commitment, its change history and, signed in, your entry',
      params: IdParams, response: { 200: StudentContest, ...problemsFor(400, 401, 404) },
    },
  }, async (request) => getPublicContest(ctx, request.params.id, request.user?.sub ?? null));

  app.get(`${PREFIX}/:id/draw`, {
    schema: {
      operationId: 'contestsGetDraw', security: [],
      tags, summary: 'The published draw: commitment, revealed seed, entries and winners, to re-run it (DRAW.md)',
      params: IdParams, response: { 200: DrawResult, ...problemsFor(400, 404) },
    },
  }, async (request) => getDraw(ctx, request.params.id));

  app.post(`${PREFIX}/:id/entries`, {
    onRequest: app.requireRole('student'),
    schema: {
      operationId: 'contestsEnterContest',
      tags, summary: 'Enter a contest (once); the contest\'s profile and region requirements apply (offer 7.1.2)', security: bearer,
      params: IdParams,
      response: { 201: Type.Object({ entryId: Type.String() }), ...problemsFor(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => reply.code(201).send(await enterContest(ctx, request.user.sub, request.params.id)));
}
