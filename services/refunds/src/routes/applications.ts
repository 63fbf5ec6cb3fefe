import { Type } from 'typebox';
import { replyIdempotently } from '@joo/idempotency';
import { PageQuery, Paginated, problems, problemsFor, type App } from '@joo/service-kit';
import type { RefundsContext } from '../context.js';
import { checkApplication } from '../domain/application.js';
import { COMMISSION_NOTICE, noticeFor, noticesBeforeFiling } from '../domain/commission-notice.js';
import { getMyApplication, listMyApplications, previewAssessment } from '../usecases/queries.js';
import { submitApplication } from '../usecases/submit.js';
import type { ApplicationView as View } from '../usecases/views.js';
import { ApplicationView, Assessment, bearer, GroundsSchema, IdParams, PREFIX, SubmittedView, Uuid } from './schemas.js';

// Every field is checked by checkApplication, so that one answer lists everything that is missing
// or wrong (offer 14.4: an incomplete application is not considered); the schema documents them.
const field = (description: string) => Type.Optional(Type.Unknown({ description }));
export const ApplicationBody = Type.Object({
  orderId: field('string, required: the paid order (UUID)'),
  userFullName: field('string, required: the student\'s full name (Appendix 1 item 1)'),
  payerFullName: field('string, required: the payer\'s full name (item 2)'),
  amount: field('integer, required: the amount asked for, in tiyn (item 3); the refund is assessed from the payment, not from this'),
  accountIban: field('string, required: the Kazakhstan IBAN paid from, KZ + 18 characters (item 4)'),
  paymentDate: field('string, required: YYYY-MM-DD (item 5)'),
  bankBic: field('string, required: the bank\'s SWIFT BIC, 8 or 11 characters (item 6)'),
  reason: field('string, required: why (item 7)'),
  grounds: field('optional: standard | force_majeure | law | other (offer 14.5)'),
});

/** 422 for an application missing fields, whoever files it (offer 14.4: an incomplete one is not considered). */
export function incompleteApplication(errors: unknown[]) {
  return problems.unprocessable('incomplete-application',
    `${errors.length} field(s) of the application are missing or invalid; an incomplete application is not considered (offer 14.4)`,
    { errors });
}

export function applicationRoutes(app: App, ctx: RefundsContext): void {
  app.post(`${PREFIX}/applications`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'refundsCreateApplication',
      tags: ['refunds'], summary: 'Apply for a refund (offer §14, Appendix 1); send an Idempotency-Key so that a retry files nothing twice', security: bearer,
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ description: '1–255 printable ASCII characters; a UUID works' })) }),
      body: ApplicationBody,
      response: { 201: SubmittedView, ...problemsFor(400, 401, 404, 409, 422, 503) },
    },
  }, async (request, reply) => {
    const checked = checkApplication(request.body, ctx.clock());
    if (!checked.ok) throw incompleteApplication(checked.errors);
    let created: View | undefined;
    const body = await replyIdempotently(request, reply, { pool: ctx.pool, scope: request.user.sub }, async (tx) => {
      created = await submitApplication(ctx, tx, request.user.sub, checked.value);
      return { status: 201, body: created };
    });
    if (created) {
      ctx.metrics.applications.inc({ rule: created.assessment.rule });
      ctx.onOutboxWrite();
    }
    return {
      ...body,
      commissionNotice: noticeFor(request.headers['accept-language']),
      commission: { minPercent: COMMISSION_NOTICE.minPercent, maxPercent: COMMISSION_NOTICE.maxPercent },
    };
  });

  app.get(`${PREFIX}/applications/:id`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'refundsGetApplication',
      tags: ['refunds'], summary: 'One of your refund applications', security: bearer, params: IdParams,
      response: { 200: ApplicationView, ...problemsFor(400, 401, 404) },
    },
  }, async (request) => getMyApplication(ctx, request.user.sub, request.params.id));

  app.get(`${PREFIX}/me/applications`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'refundsListMyApplications',
      tags: ['refunds'], summary: 'Your refund applications, newest first', security: bearer, querystring: Type.Object(PageQuery),
      response: { 200: Paginated(ApplicationView), ...problemsFor(400, 401) },
    },
  }, async (request) => listMyApplications(ctx, request.user.sub, request.query.limit ?? 20, request.query.cursor));

  app.get(`${PREFIX}/orders/:orderId/assessment`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'refundsAssessOrder',
      tags: ['refunds'], summary: 'What a refund of your order would be if you applied now', security: bearer,
      params: Type.Object({ orderId: Uuid }),
      querystring: Type.Object({ grounds: Type.Optional(GroundsSchema) }),
      response: {
        200: Type.Object({
          orderId: Uuid, grounds: GroundsSchema, assessment: Assessment, paidAmount: Type.Integer(), alreadyRefunded: Type.Integer(), currency: Type.Literal('KZT'),
          notices: Type.Array(Type.Object({
            code: Type.String({ description: 'bank-commission' }), clause: Type.String(), minPercent: Type.Number(), maxPercent: Type.Number(),
            kk: Type.String(), ru: Type.String(),
          }), { description: 'to show before filing: offer 14.8, the bank may keep 12–22% of the refund (quoted, kk and ru)' }),
        }),
        ...problemsFor(400, 401, 404, 422, 503),
      },
    },
  }, async (request) => ({
    ...(await previewAssessment(ctx, request.user.sub, request.params.orderId, request.query.grounds ?? 'standard')),
    notices: noticesBeforeFiling(),
  }));
}
