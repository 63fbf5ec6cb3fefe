import { randomUUID } from 'node:crypto';
import { hmacHex, sameSignature } from '../domain/signatures.js';
import {
  CallbackRejected, type CallbackRequest, type CreatedPayment, type NewPayment, type PaymentProvider, type RefundRequest, type VerifiedNotice,
} from './types.js';

export const SANDBOX_SIGNATURE_HEADER = 'x-sandbox-signature';
export const SANDBOX_PAGE_PATH = '/v1/billing/sandbox/pay';
export const SANDBOX_CALLBACK_PATH = '/v1/billing/callbacks/sandbox';

/** What the sandbox "provider" posts to billing's callback, signed with SANDBOX_SECRET. */
export interface SandboxNotice {
  paymentId: string;
  transactionId: string;
  status: 'succeeded' | 'declined';
  amount: number; // tiyn
  currency: string;
  reason?: string;
}

export interface SandboxOptions {
  secret: string;
  /** The gateway's URL: the payment page is linked through it. */
  publicBaseUrl: string;
  /** Billing's own URL: the callback is posted there. A function, so tests may listen first. */
  callbackBaseUrl: () => string;
}

export interface SandboxProvider extends PaymentProvider {
  /** The provider's side: posts a signed notice to billing's callback over HTTP, as a real provider would. */
  notify(notice: SandboxNotice): Promise<{ status: number; body: unknown }>;
  sign(body: string): string;
}

/**
 * The sandbox: a hosted page served by billing (routes/sandbox.ts) whose two buttons make this
 * provider call billing's callback endpoint over HTTP, signed with HMAC-SHA256. It exists so the
 * platform can be used end to end on one machine; production does not enable it.
 */
export function sandboxProvider(options: SandboxOptions): SandboxProvider {
  const sign = (body: string) => hmacHex(options.secret, body);
  return {
    name: 'sandbox',
    title: { kk: 'Сынақ төлемі (құм жәшігі)', ru: 'Тестовая оплата (песочница)' },
    sign,

    async createPayment(payment: NewPayment): Promise<CreatedPayment> {
      return { providerPaymentId: null, paymentUrl: `${options.publicBaseUrl}${SANDBOX_PAGE_PATH}/${payment.paymentId}` };
    },

    verifyCallback(request: CallbackRequest): VerifiedNotice {
      if (request.kind !== '') throw new CallbackRejected('unknown-kind', `the sandbox sends no "${request.kind}" notices`);
      if (!sameSignature(headerOf(request.headers, SANDBOX_SIGNATURE_HEADER), sign(request.rawBody))) {
        throw new CallbackRejected('bad-signature', `${SANDBOX_SIGNATURE_HEADER} does not match the body`);
      }
      let body: Partial<SandboxNotice>;
      try {
        body = JSON.parse(request.rawBody) as Partial<SandboxNotice>;
      } catch {
        throw new CallbackRejected('malformed', 'the body is not JSON');
      }
      if (typeof body !== 'object' || body === null || typeof body.paymentId !== 'string' || typeof body.transactionId !== 'string'
        || (body.status !== 'succeeded' && body.status !== 'declined')) {
        throw new CallbackRejected('malformed', 'paymentId, transactionId and status (succeeded|declined) are required');
      }
      return {
        paymentId: body.paymentId,
        outcome: body.status === 'succeeded' ? 'succeeded' : 'failed',
        amount: Number.isSafeInteger(body.amount) ? body.amount! : null,
        currency: typeof body.currency === 'string' ? body.currency : null,
        providerTransactionId: body.transactionId,
        ...(body.reason ? { reason: String(body.reason).slice(0, 200) } : {}),
      };
    },

    acknowledgement: () => ({ received: true }),

    async refund(_request: RefundRequest) {
      return { providerRefundId: `sandbox-refund-${randomUUID()}` };
    },

    async notify(notice: SandboxNotice) {
      const body = JSON.stringify(notice);
      const res = await fetch(`${options.callbackBaseUrl()}${SANDBOX_CALLBACK_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SANDBOX_SIGNATURE_HEADER]: sign(body) },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try { parsed = JSON.parse(text); } catch { /* keep the text */ }
      return { status: res.status, body: parsed };
    },
  };
}

export function headerOf(headers: CallbackRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
