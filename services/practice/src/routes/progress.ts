import { PageQuery, Paginated, type App } from '@joo/service-kit';
import { Type } from 'typebox';
import type { PracticeContext } from '../context.js';
import { myFeedback } from '../usecases/feedback.js';
import { studentProgress } from '../usecases/progress.js';
import { myResults } from '../usecases/results.js';
import { FeedbackView, Progress, Result } from './progress-schemas.js';
import { bearer, PREFIX, problemsFor } from './schemas.js';

const Page = Type.Object(PageQuery, { additionalProperties: false });

/** A student's own results, progress and curator feedback. */
export function progressRoutes(app: App, ctx: PracticeContext): void {
  const tags = ['practice'];

  app.get(`${PREFIX}/me/results`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'practiceListMyResults',
      tags, summary: 'Your scored attempts, newest first; a re-scored one shows its new score and that it was re-scored', security: bearer,
      querystring: Page, response: { 200: Paginated(Result), ...problemsFor(400, 401) },
    },
  }, async (request) => myResults(ctx, request.user.sub, { ...(request.query.cursor ? { cursor: request.query.cursor } : {}), limit: request.query.limit ?? 20 }));

  app.get(`${PREFIX}/me/progress`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'practiceGetMyProgress',
      tags, summary: 'Your progress per subject and topic: accuracy week by week (Almaty weeks), mock totals week by week, the weakest topics', security: bearer,
      response: { 200: Progress, ...problemsFor(401) },
    },
  }, async (request) => studentProgress(ctx.pool, request.user.sub));

  app.get(`${PREFIX}/me/feedback`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'practiceListMyFeedback',
      tags, summary: 'Feedback your curators left you, newest first', security: bearer,
      querystring: Page, response: { 200: Paginated(FeedbackView), ...problemsFor(400, 401) },
    },
  }, async (request) => myFeedback(ctx, request.user.sub, { ...(request.query.cursor ? { cursor: request.query.cursor } : {}), limit: request.query.limit ?? 20 }));
}
