import { Type } from 'typebox';
import { problemsFor, type App } from '@joo/service-kit';
import type { RefundsContext } from '../context.js';
import { correctPayoutDetails, getMyPayout } from '../usecases/payout-details.js';
import { bearer, IdParams, PREFIX } from './schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const PayoutView = Type.Object({
  applicationId: Type.String({ format: 'uuid' }),
  method: Type.Enum(['bank-transfer', 'card'], { description: 'bank-transfer: to the account below (offer 14.7); card: back through the payment provider' }),
  status: Type.Enum(['pending', 'returned', 'paid'], { description: 'returned: the bank sent the transfer back; correct the details below' }),
  returnReason: Nullable(Type.String({ description: 'the bank\'s return reason (ISO 20022, e.g. AC01 wrong account number, AC04 closed account)' })),
  returnedAt: Nullable(Type.String({ format: 'date-time' })),
  correctedAt: Nullable(Type.String({ format: 'date-time' })),
  payTo: Type.Object({ payerFullName: Type.String(), accountIban: Type.String(), bankBic: Type.String() }),
});

/** The payout of the student's own approved refund, and correcting its bank details after a return. */
export function payoutDetailsRoutes(app: App, ctx: RefundsContext): void {
  app.get(`${PREFIX}/applications/:id/payout`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'refundsGetApplicationPayout', tags: ['refunds'], security: bearer, params: IdParams,
      summary: 'How your approved refund is paid, and whether the bank returned it',
      response: { 200: PayoutView, ...problemsFor(400, 401, 404, 409) },
    },
  }, async (request) => getMyPayout(ctx, request.user.sub, request.params.id));

  app.put(`${PREFIX}/applications/:id/bank-details`, {
    preHandler: app.authenticate,
    schema: {
      operationId: 'refundsUpdateApplicationBankDetails', tags: ['refunds'], security: bearer, params: IdParams,
      summary: 'Correct the IBAN, BIC and account holder of your refund after the bank returned the transfer; it is sent again in the next batch',
      // Checked by checkBankDetails, so one answer lists every wrong field; the schema documents them.
      body: Type.Object({
        accountIban: Type.Optional(Type.Unknown({ description: 'string, required: a Kazakhstan IBAN (ИИК), KZ + 18 characters' })),
        bankBic: Type.Optional(Type.Unknown({ description: 'string, required: the Kazakhstan bank\'s BIC' })),
        payerFullName: Type.Optional(Type.Unknown({ description: 'string, optional: the account holder\'s full name; unchanged when left out' })),
      }, { additionalProperties: false }),
      response: { 200: PayoutView, ...problemsFor(400, 401, 404, 409, 422) },
    },
  }, async (request) => correctPayoutDetails(ctx, request.user.sub, request.params.id, request.body as Record<string, unknown>));
}
