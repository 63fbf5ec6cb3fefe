/** Events published by refunds (stream JOO_REFUNDS, subjects joo.refunds.>). */
import { Type } from 'typebox';
import { Currency, Instant, Tiyn } from './common.js';
import { defineEvent } from './envelope.js';
import { RefundApplicationRef } from './refund-ref.js';

const Rule = Type.Union([
  Type.Literal('full'), Type.Literal('prorated'), Type.Literal('none'), Type.Literal('manual'),
], { description: 'offer 14.1–14.5: within 3 days, within 2 months, after 2 months, other grounds' });

export const RefundSubmitted = defineEvent('refunds', 'refunds.refund.submitted.v1', {
  description: 'A complete refund application was received (offer 14.4).',
  subject: 'applicationId',
}, Type.Object({
  ...RefundApplicationRef,
  rule: Rule,
  eligibleAmount: Type.Union([Tiyn, Type.Null()], { description: 'null when an admin decides (rule manual)' }),
  currency: Currency,
  reviewDueBy: Type.String({ format: 'date', description: 'Asia/Almaty date: 10 working days after receipt' }),
  submittedAt: Instant,
}));

export const RefundApproved = defineEvent('refunds', 'refunds.refund.approved.v1', {
  description: 'An admin approved the refund of `amount`, to be paid out by `payoutDueBy`.',
  subject: 'applicationId',
}, Type.Object({
  ...RefundApplicationRef,
  amount: Tiyn,
  currency: Currency,
  payoutDueBy: Type.String({ format: 'date', description: 'Asia/Almaty date: 10 banking days after approval' }),
  approvedAt: Instant,
}));

export const RefundRejected = defineEvent('refunds', 'refunds.refund.rejected.v1', {
  description: 'An admin rejected the refund application.',
  subject: 'applicationId',
}, Type.Object({
  ...RefundApplicationRef,
  reason: Type.String(),
  rejectedAt: Instant,
}));


export const ClaimAnswered = defineEvent('refunds', 'refunds.claim.answered.v1', {
  description: 'An admin answered a claim (offer §13); the answer goes to the student by e-mail.',
  subject: 'claimId',
}, Type.Object({
  claimId: Type.String(),
  userId: Type.String(),
  orderId: Type.Union([Type.String(), Type.Null()], { description: 'the order the claim is about, if it names one' }),
  subject: Type.String({ description: "the claim's subject, as the student (or the admin entering an e-mail) wrote it" }),
  answer: Type.String({ description: 'the text of the answer' }),
  receivedAt: Instant,
  answerDueBy: Type.String({ format: 'date', description: 'Asia/Almaty date: 90 calendar days after receipt (13.2)' }),
  answeredAt: Instant,
}));

export const refundsEvents = [RefundSubmitted, RefundApproved, RefundRejected, ClaimAnswered] as const;
