/**
 * One interface for every payment provider: create a payment, verify and read its callback, pay a
 * refund. Which providers are enabled is configuration (offer 4.5: the methods offered on the site).
 */

export const PROVIDER_NAMES = ['sandbox', 'cloudpayments'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export interface NewPayment {
  paymentId: string;
  orderId: string;
  userId: string;
  amount: number; // tiyn
  currency: 'KZT';
  description: string;
}

export interface CreatedPayment {
  /** The provider's id of the payment (invoice), when it gives one. */
  providerPaymentId: string | null;
  /** Where the student pays. */
  paymentUrl: string;
}

/** A callback whose signature checked out, read into billing's terms. */
export interface VerifiedNotice {
  paymentId: string;
  outcome: 'succeeded' | 'failed';
  /** tiyn; null when the provider sent something that is not an amount */
  amount: number | null;
  currency: string | null;
  providerTransactionId: string | null;
  reason?: string;
}

export interface CallbackRequest {
  /** The path segment after the provider's name (`pay`, `fail`), or '' */
  kind: string;
  rawBody: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Why a callback was refused; the label of joo_billing_callbacks_rejected_total. */
export type RejectReason = 'bad-signature' | 'malformed' | 'unknown-payment' | 'unknown-kind';

export class CallbackRejected extends Error {
  constructor(readonly reason: RejectReason, detail: string) {
    super(detail);
    this.name = 'CallbackRejected';
  }
}

export interface RefundRequest {
  applicationId: string;
  paymentId: string;
  providerTransactionId: string | null;
  amount: number; // tiyn
  currency: 'KZT';
}

/** A refund the provider refused or could not be asked for; `definite` means no money moved. */
export class RefundFailed extends Error {
  constructor(message: string, readonly definite: boolean) {
    super(message);
    this.name = 'RefundFailed';
  }
}

export interface PaymentProvider {
  readonly name: ProviderName;
  readonly title: { kk: string; ru: string };
  createPayment(payment: NewPayment): Promise<CreatedPayment>;
  /** Throws CallbackRejected when the signature or the body is wrong. */
  verifyCallback(request: CallbackRequest): VerifiedNotice;
  /** The body the provider expects back once billing has taken the notice. */
  acknowledgement(): unknown;
  refund(request: RefundRequest): Promise<{ providerRefundId: string }>;
}
