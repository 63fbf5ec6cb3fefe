import { Type } from 'typebox';
import { ProblemError, problems, type App } from '@joo/service-kit';
import type { BillingContext } from '../context.js';
import { SANDBOX_PAGE_PATH } from '../providers/sandbox.js';
import { findOrder } from '../store/orders.js';
import { findPaymentView } from '../store/payments.js';
import { sandboxPage } from './sandbox-page.js';
import { problemsFor } from './schemas.js';

const Params = Type.Object({ paymentId: Type.String({ format: 'uuid' }) });
const PaymentState = Type.Object({
  paymentId: Type.String(),
  orderId: Type.String(),
  amount: Type.Integer(),
  currency: Type.String(),
  paymentStatus: Type.String(),
  orderStatus: Type.String(),
  productTitle: Type.Object({ kk: Type.String(), ru: Type.String() }),
});

const wantsJson = (accept: string | undefined) => /application\/(problem\+)?json/.test(accept ?? '') && !/text\/html/.test(accept ?? '');
const wantsHtml = (accept: string | undefined) => /text\/html/.test(accept ?? '');

/**
 * The sandbox provider's hosted page (served only when the sandbox is enabled). Its buttons make
 * the sandbox provider post a signed notice to billing's callback endpoint over HTTP, so a sandbox
 * payment takes exactly the path a real provider's does. No bearer token: a provider page is
 * reached by its unguessable payment id, as at a real provider.
 */
export async function sandboxRoutes(app: App, ctx: BillingContext, publicBaseUrl: string): Promise<void> {
  const sandbox = ctx.providers.sandbox;
  if (!sandbox) return;

  async function state(paymentId: string) {
    const payment = await findPaymentView(ctx.pool, paymentId);
    if (!payment || payment.provider !== 'sandbox') throw problems.notFound('There is no such sandbox payment');
    const order = await findOrder(ctx.pool, payment.orderId);
    return {
      paymentId, orderId: payment.orderId, amount: payment.amount, currency: payment.currency, paymentStatus: payment.status,
      orderStatus: order!.status, productTitle: payment.productTitle,
    };
  }
  const pageUrl = (paymentId: string) => `${publicBaseUrl}${SANDBOX_PAGE_PATH}/${paymentId}`;

  await app.register(async (scope) => {
    // The page's buttons are HTML forms: accept their (empty) form bodies.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, _body, done) => done(null, {}));

    scope.get(`${SANDBOX_PAGE_PATH}/:paymentId`, {
      schema: {
        operationId: 'billingGetSandboxPayment', security: [],
        tags: ['billing'], summary: 'Sandbox payment page (HTML; JSON when asked for with Accept: application/json)', params: Params,
        response: { 200: PaymentState, ...problemsFor(400, 404) },
      },
    }, async (request, reply) => {
      const s = await state((request.params as { paymentId: string }).paymentId);
      if (wantsJson(request.headers.accept)) return s;
      return reply.type('text/html; charset=utf-8').send(sandboxPage({ pageUrl: pageUrl(s.paymentId), amount: s.amount, status: s.paymentStatus, productTitle: s.productTitle }));
    });

    for (const action of ['confirm', 'decline'] as const) {
      scope.post(`${SANDBOX_PAGE_PATH}/:paymentId/${action}`, {
        schema: {
          operationId: `billing${action === 'confirm' ? 'Confirm' : 'Decline'}SandboxPayment`, security: [],
          tags: ['billing'], params: Params,
          summary: action === 'confirm' ? 'Sandbox: pay (the provider notifies billing: succeeded)' : 'Sandbox: decline (the provider notifies billing: declined)',
          response: { 200: PaymentState, ...problemsFor(400, 404, 502) },
        },
      }, async (request, reply) => {
        const before = await state((request.params as { paymentId: string }).paymentId);
        // The same transaction id every time: pressing again is the provider repeating its notice.
        const answer = await sandbox.notify({
          paymentId: before.paymentId, transactionId: `sandbox-${before.paymentId}`,
          status: action === 'confirm' ? 'succeeded' : 'declined', amount: before.amount, currency: before.currency,
          ...(action === 'decline' ? { reason: 'declined on the sandbox page' } : {}),
        }).catch((error: Error) => ({ status: 0, body: error.message }));
        if (answer.status !== 200) {
          throw new ProblemError(502, 'sandbox-callback-failed', 'Bad gateway',
            `Billing's callback answered ${answer.status || 'nothing'}: ${JSON.stringify(answer.body).slice(0, 300)}`);
        }
        const after = await state(before.paymentId);
        if (wantsHtml(request.headers.accept)) {
          return reply.type('text/html; charset=utf-8').send(sandboxPage({ pageUrl: pageUrl(after.paymentId), amount: after.amount, status: after.paymentStatus, productTitle: after.productTitle }));
        }
        return after;
      });
    }
  });
}
