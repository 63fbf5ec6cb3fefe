import { Type } from 'typebox';
import type { App } from '@joo/service-kit';
import type { ContestsContext } from '../context.js';
import { MIN_GROUP_SIZE, type GroupKey } from '../domain/research.js';
import { untResearch } from '../usecases/research.js';
import { bearer, Instant, PREFIX, problemsFor } from './schemas.js';

const Group = Type.Object({
  region: Type.Optional(Type.String()), subject: Type.Optional(Type.String()),
  count: Type.Integer(), mean: Type.Number(), median: Type.Number(), p25: Type.Number(), p75: Type.Number(), stddev: Type.Number(),
});

export function researchRoutes(app: App, ctx: ContestsContext): void {
  app.get(`${PREFIX}/admin/research/unt`, {
    onRequest: app.requireRole('admin'),
    schema: {
      operationId: 'contestsAdminExportUntResearch',
      tags: ['research', 'admin'], security: bearer,
      summary: 'Anonymised ҰБТ score statistics by region and/or subject (offer 1.3)',
      description: `groupBy: "region", "subject" or "region,subject" (default). With subject, each student's score in each subject counts in that subject's group; without it, each student counts once with the sum of their subject scores. Groups of fewer than ${MIN_GROUP_SIZE} scores (or minGroupSize, which may only be higher) are left out and counted in suppressedGroups. No name, contact, IIN or user id is in the export.`,
      querystring: Type.Object({
        groupBy: Type.Optional(Type.String({ pattern: '^(region|subject)(,(region|subject))?$', default: 'region,subject' })),
        minGroupSize: Type.Optional(Type.Integer({ minimum: MIN_GROUP_SIZE, maximum: 10_000 })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          groupBy: Type.Array(Type.String()), minGroupSize: Type.Integer(), groups: Type.Array(Group),
          suppressedGroups: Type.Integer(), generatedAt: Instant,
        }),
        ...problemsFor(400, 401, 403),
      },
    },
  }, async (request) => {
    const groupBy = [...new Set((request.query.groupBy ?? 'region,subject').split(','))] as GroupKey[];
    return untResearch(ctx, groupBy, request.query.minGroupSize);
  });
}
