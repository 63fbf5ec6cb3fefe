import { decimalToTiyn, tiynToDecimal } from '../domain/money.js';
import { hmacBase64, sameSignature } from '../domain/signatures.js';
import { headerOf } from './sandbox.js';
import {
  CallbackRejected, RefundFailed, type CallbackRequest, type CreatedPayment, type NewPayment, type PaymentProvider,
  type RefundRequest, type VerifiedNotice,
} from './types.js';

export interface CloudPaymentsOptions {
  publicId: string;
  apiSecret: string;
  /** https://api.cloudpayments.kz in production; the local fake in tests */
  apiUrl: string;
  timeoutMs?: number;
}

interface ApiAnswer<M> { Success: boolean; Message: string | null; Model?: M }

/**
 * CloudPayments Kazakhstan (docs/payments.md): a payment is an order (invoice) created with
 * `POST /orders/create`, whose `Url` is the hosted payment page; the result comes back as the Pay
 * or Fail notification (form-encoded or JSON, per the merchant's settings), signed with
 * `Content-HMAC` = base64 HMAC-SHA256 of the body under the API secret; a refund is
 * `POST /payments/refund` of the payment's TransactionId. API calls use HTTP Basic auth
 * (Public ID : API secret).
 */
export function cloudPaymentsProvider(options: CloudPaymentsOptions): PaymentProvider {
  const auth = `Basic ${Buffer.from(`${options.publicId}:${options.apiSecret}`).toString('base64')}`;

  async function call<M>(path: string, body: Record<string, unknown>): Promise<ApiAnswer<M>> {
    const res = await fetch(`${options.apiUrl}${path}`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    if (!res.ok) throw new ProviderHttpError(`CloudPayments ${path} answered HTTP ${res.status}`, res.status);
    return (await res.json()) as ApiAnswer<M>;
  }

  return {
    name: 'cloudpayments',
    title: { kk: 'Банк картасы (CloudPayments)', ru: 'Банковская карта (CloudPayments)' },

    async createPayment(payment: NewPayment): Promise<CreatedPayment> {
      const answer = await call<{ Id: string; Url: string }>('/orders/create', {
        Amount: Number(tiynToDecimal(payment.amount)),
        Currency: payment.currency,
        Description: payment.description,
        // InvoiceId comes back in the notifications: it is how a notice finds its payment.
        InvoiceId: payment.paymentId,
        AccountId: payment.userId,
        RequireConfirmation: false,
        SendEmail: false,
        CultureName: 'ru-RU',
        JsonData: { orderId: payment.orderId },
      });
      if (!answer.Success || !answer.Model?.Url) throw new Error(`CloudPayments refused the order: ${answer.Message ?? 'no reason given'}`);
      return { providerPaymentId: String(answer.Model.Id), paymentUrl: answer.Model.Url };
    },

    verifyCallback(request: CallbackRequest): VerifiedNotice {
      if (request.kind !== 'pay' && request.kind !== 'fail') {
        throw new CallbackRejected('unknown-kind', `only Pay and Fail notifications are configured, not "${request.kind}"`);
      }
      if (!signatureMatches(options.apiSecret, request)) {
        throw new CallbackRejected('bad-signature', 'Content-HMAC does not match the body');
      }
      const fields = readFields(request);
      const paymentId = fields.InvoiceId;
      if (!paymentId || !fields.TransactionId) throw new CallbackRejected('malformed', 'InvoiceId and TransactionId are required');
      return {
        paymentId,
        outcome: request.kind === 'pay' ? 'succeeded' : 'failed',
        amount: fields.Amount === undefined ? null : decimalToTiyn(fields.Amount),
        currency: fields.Currency ?? null,
        providerTransactionId: fields.TransactionId,
        ...(request.kind === 'fail' ? { reason: `${fields.Reason ?? 'declined'}${fields.ReasonCode ? ` (${fields.ReasonCode})` : ''}`.slice(0, 200) } : {}),
      };
    },

    // CloudPayments reads {"code":0} as "taken"; anything else makes it retry the notice.
    acknowledgement: () => ({ code: 0 }),

    async refund(request: RefundRequest) {
      const transactionId = Number(request.providerTransactionId);
      if (!Number.isSafeInteger(transactionId)) throw new RefundFailed(`no CloudPayments TransactionId for payment ${request.paymentId}`, true);
      let answer: ApiAnswer<{ TransactionId: number }>;
      try {
        answer = await call('/payments/refund', {
          TransactionId: transactionId, Amount: Number(tiynToDecimal(request.amount)), JsonData: { applicationId: request.applicationId },
        });
      } catch (error) {
        throw new RefundFailed(`CloudPayments refund call failed: ${(error as Error).message}`, isDefinite(error));
      }
      if (!answer.Success || !answer.Model) throw new RefundFailed(`CloudPayments refused the refund: ${answer.Message ?? 'no reason given'}`, true);
      return { providerRefundId: String(answer.Model.TransactionId) };
    },
  };
}

class ProviderHttpError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

/**
 * An error answer or a refused connection moved no money, so the refund may be retried; a timeout
 * or a connection cut mid-call might have, so a person checks first.
 */
function isDefinite(error: unknown): boolean {
  if (error instanceof ProviderHttpError) return true;
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code === 'ECONNREFUSED' || cause?.code === 'ENOTFOUND';
}

/** Content-HMAC is over the body as sent; X-Content-HMAC over its URL-decoded form. Either will do. */
function signatureMatches(secret: string, request: CallbackRequest): boolean {
  if (sameSignature(headerOf(request.headers, 'content-hmac'), hmacBase64(secret, request.rawBody))) return true;
  let decoded: string;
  try {
    decoded = decodeURIComponent(request.rawBody.replace(/\+/g, ' '));
  } catch {
    return false;
  }
  return sameSignature(headerOf(request.headers, 'x-content-hmac'), hmacBase64(secret, decoded));
}

type Fields = Partial<Record<'InvoiceId' | 'TransactionId' | 'Amount' | 'Currency' | 'Reason' | 'ReasonCode' | 'Status', string>>;

function readFields(request: CallbackRequest): Fields {
  const type = String(headerOf(request.headers, 'content-type') ?? '');
  if (type.includes('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.rawBody);
    } catch {
      throw new CallbackRejected('malformed', 'the body is not JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CallbackRejected('malformed', 'the body is not an object');
    return Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, String(v)])) as Fields;
  }
  return Object.fromEntries(new URLSearchParams(request.rawBody)) as Fields;
}
