import { Type, type Static } from 'typebox';
import { Paginated, PageQuery, type App } from '@joo/service-kit';
import type { ContestsContext } from '../context.js';
import type { ContestFields } from '../store/contests.js';
import {
  createContest, drawContest, getAdminContest, launchContest, listAdminContests, stopContest, updateContest,
} from '../usecases/contests-admin.js';
import { AdminContest, ContestPatchBody, ContestSummary, DrawResult, NewContestBody } from './contest-schemas.js';
import { bearer, IdParams, PREFIX, problemsFor, withoutUndefined } from './schemas.js';

type Body = Static<typeof ContestPatchBody>;

/** The request's fields in the store's shape; absent fields stay absent. */
function toFields(body: Body): Partial<ContestFields> {
  return withoutUndefined({
    kind: body.kind,
    title: body.title,
    description: body.description,
    conditions: body.conditions,
    sponsor: body.sponsor,
    prizes: body.prizes?.map((p) => ({ name: p.name.trim(), quantity: p.quantity, taxable: p.taxable ?? true })),
    startsAt: body.startsAt ? new Date(body.startsAt) : undefined,
    endsAt: body.endsAt ? new Date(body.endsAt) : undefined,
    eligibility: body.eligibility
      ? withoutUndefined({ requiredProfileFields: body.eligibility.requiredProfileFields, regions: body.eligibility.regions })
      : undefined,
  });
}

export function adminContestRoutes(app: App, ctx: ContestsContext): void {
  const admin = { onRequest: app.requireRole('admin') };
  const tags = ['contests', 'admin'];

  app.post(`${PREFIX}/admin/contests`, {
    ...admin,
    schema: {
      operationId: 'contestsAdminCreateContest',
      tags, summary: 'Create a contest (a draft until launched)', security: bearer, body: NewContestBody,
      response: { 201: Type.Object({ id: Type.String() }), ...problemsFor(400, 401, 403) },
    },
  }, async (request, reply) => {
    const fields = { ...toFields(request.body), kind: request.body.kind ?? 'general' } as ContestFields;
    reply.code(201).send(await createContest(ctx, request.user.sub, fields));
  });

  app.get(`${PREFIX}/admin/contests`, {
    ...admin,
    schema: {
      operationId: 'contestsAdminListContests',
      tags, summary: 'All contests, drafts included, newest first', security: bearer,
      querystring: Type.Object(PageQuery, { additionalProperties: false }),
      response: { 200: Paginated(ContestSummary), ...problemsFor(400, 401, 403) },
    },
  }, async (request) => listAdminContests(ctx, withoutUndefined({ limit: request.query.limit ?? 20, cursor: request.query.cursor })));

  app.get(`${PREFIX}/admin/contests/:id`, {
    ...admin,
    schema: {
      operationId: 'contestsAdminGetContest',
      tags, summary: 'A contest with its entry count and audit trail', security: bearer, params: IdParams,
      response: { 200: AdminContest, ...problemsFor(400, 401, 403, 404) },
    },
  }, async (request) => getAdminContest(ctx, request.params.id));

  app.patch(`${PREFIX}/admin/contests/:id`, {
    ...admin,
    schema: {
      operationId: 'contestsAdminUpdateContest',
      tags, summary: 'Change a contest at any time before the draw (offer 10.3); the change is audited', security: bearer,
      params: IdParams, body: ContestPatchBody,
      response: { 200: AdminContest, ...problemsFor(400, 401, 403, 404, 409) },
    },
  }, async (request) => updateContest(ctx, request.user.sub, request.params.id, toFields(request.body)));

  app.post(`${PREFIX}/admin/contests/:id/launch`, {
    ...admin,
    schema: {
      operationId: 'contestsAdminLaunchContest',
      tags, summary: 'Launch (or relaunch) a contest; the first launch commits to the draw seed and publishes news', security: bearer,
      params: IdParams, response: { 200: AdminContest, ...problemsFor(400, 401, 403, 404, 409) },
    },
  }, async (request) => launchContest(ctx, request.user.sub, request.params.id));

  app.post(`${PREFIX}/admin/contests/:id/stop`, {
    ...admin,
    schema: {
      operationId: 'contestsAdminStopContest',
      tags, summary: 'Stop a running contest', security: bearer, params: IdParams,
      response: { 200: AdminContest, ...problemsFor(400, 401, 403, 404, 409) },
    },
  }, async (request) => stopContest(ctx, request.user.sub, request.params.id));

  app.post(`${PREFIX}/admin/contests/:id/draw`, {
    ...admin,
    schema: {
      operationId: 'contestsAdminDrawWinners',
      tags, summary: 'Draw the winners (services/contests/DRAW.md), reveal the seed and end the contest', security: bearer,
      params: IdParams, response: { 200: DrawResult, ...problemsFor(400, 401, 403, 404, 409) },
    },
  }, async (request) => drawContest(ctx, request.user.sub, request.params.id));
}
