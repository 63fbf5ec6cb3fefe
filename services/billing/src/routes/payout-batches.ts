import type { onRequestAsyncHookHandler } from 'fastify';
import { Type } from 'typebox';
import { PageQuery, Paginated, type App } from '@joo/service-kit';
import type { BillingContext } from '../context.js';
import { closePayoutBatch, listPayoutBatches, pain001Of } from '../usecases/payout-batches.js';
import { applyStatement } from '../usecases/statements.js';
import { bearer, IdParams, PREFIX, problemsFor } from './schemas.js';

const Batch = Type.Object({
  id: Type.String({ format: 'uuid' }),
  businessDate: Type.String({ format: 'date', description: 'the Asia/Almaty day whose approved payouts the batch collects' }),
  msgId: Type.String({ description: 'GrpHdr/MsgId and PmtInf/PmtInfId of its pain.001 file' }),
  status: Type.Enum(['open', 'closed'], { description: 'open: still collecting the day\'s payouts; closed: its file is fixed (a batch closes once)' }),
  createdAt: Type.String({ format: 'date-time' }),
  closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  numberOfTransfers: Type.Integer({ description: 'NbOfTxs' }),
  controlSum: Type.Integer({ description: 'CtrlSum, in tiyn' }),
  currency: Type.Literal('KZT'),
  transfers: Type.Object({
    sent: Type.Integer({ description: 'waiting for the bank statement' }),
    paid: Type.Integer(),
    returned: Type.Integer(),
  }),
});

const LineRef = { endToEndId: Type.Union([Type.String(), Type.Null()]), bankReference: Type.Union([Type.String(), Type.Null()]) };
const StatementReport = Type.Object({
  statementId: Type.Union([Type.String(), Type.Null()], { description: 'GrpHdr/MsgId of the statement' }),
  matched: Type.Integer({ description: 'lines that settled a transfer: paid + returned' }),
  paid: Type.Integer(),
  returned: Type.Integer(),
  unknown: Type.Array(Type.Object({ ...LineRef, reason: Type.String({ description: 'why the line changed nothing, e.g. unknown-end-to-end-id, amount-mismatch' }) })),
  duplicates: Type.Array(Type.Object(LineRef), { description: 'lines already applied (the same statement posted again, or a repeated line)' }),
});

/** Refund bank transfers (offer 14.7): the daily pain.001 batches out, the bank's camt statements in. */
export async function payoutBatchRoutes(app: App, ctx: BillingContext): Promise<void> {
  const admin = { preHandler: app.requireRole('admin') };
  const tags = ['billing'];

  app.get(`${PREFIX}/admin/payout-batches`, {
    ...admin,
    schema: {
      operationId: 'billingAdminListPayoutBatches', tags, security: bearer,
      summary: 'Refund transfer batches, newest first: one a day (Asia/Almaty), with their totals and how many transfers the bank paid or returned',
      querystring: Type.Object(PageQuery),
      response: { 200: Paginated(Batch), ...problemsFor(400, 401, 403) },
    },
  }, async (request) => listPayoutBatches(ctx, request.query.limit ?? 20, request.query.cursor));

  app.post(`${PREFIX}/admin/payout-batches/:id/close`, {
    ...admin,
    schema: {
      operationId: 'billingAdminClosePayoutBatch', tags, security: bearer, params: IdParams,
      summary: 'Close an open batch now (it otherwise closes when its Almaty day ends); later payouts go to a new batch',
      response: { 200: Batch, ...problemsFor(400, 401, 403, 404, 409) },
    },
  }, async (request) => closePayoutBatch(ctx, request.params.id));

  app.get(`${PREFIX}/admin/payout-batches/:id/pain001.xml`, {
    ...admin,
    schema: {
      operationId: 'billingAdminGetPayoutBatchFile', tags, security: bearer, params: IdParams,
      summary: 'The ISO 20022 pain.001.001.03 credit transfer file of a closed batch, for the bank (docs/payments.md)',
      produces: ['application/xml'],
      response: { 200: Type.String({ description: 'pain.001.001.03 XML' }), ...problemsFor(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    const xml = await pain001Of(ctx, request.params.id);
    return reply.type('application/xml; charset=utf-8').header('content-disposition', `attachment; filename="pain001-${request.params.id}.xml"`).send(xml);
  });

  await app.register(async (scope) => {
    // The statement is XML text: parsed by the use case, safely (no DTD, no entities).
    scope.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string', bodyLimit: ctx.bankTransfers.statementMaxBytes },
      (_request, body, done) => done(null, body));
    scope.post(`${PREFIX}/admin/bank-statements`, {
      // The role before the body: a non-admin's upload (up to the statement limit) is refused
      // before it is read, and answers 403 whatever it holds.
      onRequest: app.requireRole('admin') as onRequestAsyncHookHandler,
      bodyLimit: ctx.bankTransfers.statementMaxBytes,
      schema: {
        operationId: 'billingAdminReceiveBankStatement', tags, security: bearer,
        summary: 'A bank statement (ISO 20022 camt.053.001.02, or camt.054): marks refund transfers paid or returned; unknown and repeated lines change nothing and are listed',
        consumes: ['application/xml', 'text/xml'],
        body: Type.String({ minLength: 1, description: 'camt.053 / camt.054 XML' }),
        response: { 200: StatementReport, ...problemsFor(400, 401, 403, 413, 415, 422) },
      },
    }, async (request) => applyStatement(ctx, request.body as string));
  });
}
