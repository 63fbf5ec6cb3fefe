import { ADMIN_TAG, PageQuery, Paginated, type App } from '@joo/service-kit';
import { Type } from 'typebox';
import type { PracticeContext } from '../context.js';
import { assignedStudentProgress, assignStudents, myStudents } from '../usecases/curators.js';
import { giveFeedback } from '../usecases/feedback.js';
import { CuratorStudent, FeedbackView, Progress } from './progress-schemas.js';
import { bearer, PREFIX, problemsFor, Uuid } from './schemas.js';

const StudentParams = Type.Object({ studentId: Uuid });

/** Curators (offer Appendix 2 items 2 and 10): an admin assigns students; a curator follows them and leaves feedback. */
export function curatorRoutes(app: App, ctx: PracticeContext): void {
  const tags = ['practice'];
  const curators = { onRequest: app.requireRole('curator') };

  app.put(`${PREFIX}/admin/curators/:curatorId/students`, {
    onRequest: app.requireRole('admin'),
    schema: {
      operationId: 'practiceAdminAssignCuratorStudents',
      tags: [...tags, ADMIN_TAG.name], summary: 'Replace the set of students a curator follows', security: bearer,
      params: Type.Object({ curatorId: Uuid }),
      body: Type.Object({ studentIds: Type.Array(Uuid, { maxItems: 500 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ curatorId: Type.String(), studentIds: Type.Array(Type.String()) }), ...problemsFor(400, 401, 403) },
    },
  }, async (request) => assignStudents(ctx, request.params.curatorId, request.body.studentIds));

  app.get(`${PREFIX}/curator/students`, {
    ...curators,
    schema: {
      operationId: 'practiceCuratorListStudents',
      tags, summary: 'Your students, each with last activity, the mock trend and weak topics', security: bearer,
      querystring: Type.Object(PageQuery, { additionalProperties: false }),
      response: { 200: Paginated(CuratorStudent), ...problemsFor(400, 401, 403) },
    },
  }, async (request) => myStudents(ctx, request.user.sub, { ...(request.query.cursor ? { cursor: request.query.cursor } : {}), limit: request.query.limit ?? 20 }));

  app.get(`${PREFIX}/curator/students/:studentId/progress`, {
    ...curators,
    schema: {
      operationId: 'practiceCuratorGetStudentProgress',
      tags, summary: 'The progress of a student of yours; anyone else is a 404', security: bearer,
      params: StudentParams, response: { 200: Progress, ...problemsFor(400, 401, 403, 404) },
    },
  }, async (request) => assignedStudentProgress(ctx, request.user.sub, request.params.studentId));

  app.post(`${PREFIX}/curator/students/:studentId/feedback`, {
    ...curators,
    schema: {
      operationId: 'practiceCuratorGiveFeedback',
      tags, summary: 'Leave feedback for a student of yours: they see it and are told in their language; 409 once the course proper has ended', security: bearer,
      params: StudentParams,
      body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 4000, pattern: '\\S' }) }, { additionalProperties: false }),
      response: { 201: FeedbackView, ...problemsFor(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => reply.code(201).send(await giveFeedback(ctx, request.user.sub, request.params.studentId, request.body.text)));
}
