import { Type } from 'typebox';
import { decodeCursor, PageQuery, Paginated, type App } from '@joo/service-kit';
import { replyIdempotently } from '@joo/idempotency';
import type { LeadsContext } from '../context.js';
import { createLead, myLeads, myTransfers } from '../usecases/leads.js';
import { getChoices, putChoices } from '../usecases/choices.js';
import { studentView } from '../usecases/views.js';
import { instantIdCursor, nextCursorAfter } from './cursors.js';
import { bearer, Nullable, PREFIX, ProgrammeCode, problemsFor, StudentLead, Text, Transfer, Uuid } from './schemas.js';

const ChoicesBody = Type.Object({
  // A fifth choice is a business rule (422 with the offer's reason), not a shape error: the
  // schema's bound only keeps absurd lists out.
  universities: Type.Array(Uuid, { maxItems: 50 }),
  specialties: Type.Array(ProgrammeCode, { maxItems: 50 }),
}, { additionalProperties: false });

const ChoicesView = Type.Object({
  universities: Type.Array(Uuid), specialties: Type.Array(Type.String()), updatedAt: Nullable(Type.String({ format: 'date-time' })),
});

const LeadBody = Type.Object({
  universityId: Uuid,
  programmeId: Type.Optional(Uuid),
  message: Type.Optional(Text(2000, 0)),
  shareScores: Type.Optional(Type.Boolean({ default: false, description: 'also pass your UNT scores to the university' })),
  shareMockScores: Type.Optional(Type.Boolean({ default: false, description: 'also pass the scores of your latest weekly mock ҰБТ to the university' })),
}, { additionalProperties: false });

/** The student's side: the shortlist, "Get consultation", their leads and the transfer ledger. */
export function studentRoutes(app: App, ctx: LeadsContext): void {
  const auth = { preHandler: app.authenticate };

  app.get(`${PREFIX}/me/choices`, {
    ...auth,
    schema: { operationId: 'leadsGetMyChoices', tags: ['leads'], summary: 'Your shortlist: up to 4 universities and 4 specialties', security: bearer, response: { 200: ChoicesView, ...problemsFor(401) } },
  }, async (request) => getChoices(ctx, request.user.sub));

  app.put(`${PREFIX}/me/choices`, {
    ...auth,
    schema: {
      operationId: 'leadsSetMyChoices',
      tags: ['leads'], summary: 'Replace your shortlist; a fifth university or specialty is 422', security: bearer, body: ChoicesBody,
      response: { 200: ChoicesView, ...problemsFor(400, 401, 422) },
    },
  }, async (request) => putChoices(ctx, request.user.sub, request.body));

  app.post(`${PREFIX}`, {
    ...auth,
    schema: {
      operationId: 'leadsRequestConsultation',
      tags: ['leads'], security: bearer, body: LeadBody,
      summary: 'Get consultation: your contact data goes to the university (offer 8.4). Needs Idempotency-Key',
      description: '201: a new lead. 200: you asked this university within the last 30 days; that lead is returned (duplicate: true).',
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ description: 'one per press of the button; a UUID works' })) }),
      response: { 200: StudentLead, 201: StudentLead, ...problemsFor(400, 401, 403, 409, 422) },
    },
  }, async (request, reply) => {
    let created = false;
    const body = await replyIdempotently(request, reply, { pool: ctx.pool, scope: request.user.sub, now: ctx.clock() }, async (tx) => {
      const answer = await createLead(ctx, tx, request.user.sub, request.body, ctx.clock());
      created = answer.status === 201;
      return answer;
    });
    if (created) {
      ctx.metrics.created.inc();
      ctx.onOutboxWrite();
      ctx.onDeliveryDue();
    }
    return body;
  });

  app.get(`${PREFIX}/me`, {
    ...auth,
    schema: {
      operationId: 'leadsListMyLeads',
      tags: ['leads'], summary: 'Your consultation requests, newest first', security: bearer,
      querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
      response: { 200: Paginated(StudentLead), ...problemsFor(400, 401) },
    },
  }, async (request) => {
    const limit = request.query.limit ?? 20;
    const leads = await myLeads(ctx, request.user.sub, instantIdCursor(decodeCursor(request.query.cursor, 2)), limit);
    return { items: leads.map((l) => studentView(l)), nextCursor: nextCursorAfter(leads, limit, (l) => [l.createdAt, l.id]) };
  });

  app.get(`${PREFIX}/me/transfers`, {
    ...auth,
    schema: {
      operationId: 'leadsListMyTransfers',
      tags: ['leads'], summary: 'Every transfer of your personal data to a university: what, to whom, when, under which consent', security: bearer,
      querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
      response: { 200: Paginated(Transfer), ...problemsFor(400, 401) },
    },
  }, async (request) => {
    const limit = request.query.limit ?? 20;
    const items = await myTransfers(ctx, request.user.sub, instantIdCursor(decodeCursor(request.query.cursor, 2)), limit);
    return { items, nextCursor: nextCursorAfter(items, limit, (t) => [t.transferredAt, t.id]) };
  });
}
