import { daysLeft, isOverdue } from '../domain/claims.js';
import type { Claim } from '../store/claims.js';

/** What the student sees of a claim. */
export interface ClaimView {
  id: string;
  status: Claim['status'];
  subject: string;
  text: string;
  orderId: string | null;
  channel: Claim['channel'];
  receivedAt: string;
  answerDueBy: string;
  answer: null | { text: string; answeredAt: string };
}

/** Admins also see whose it is, who entered and answered it, and how the deadline stands. */
export interface AdminClaimView extends ClaimView {
  userId: string;
  enteredBy: string | null;
  answeredBy: string | null;
  overdue: boolean;
  daysLeft: number;
}

export function claimView(c: Claim): ClaimView {
  return {
    id: c.id, status: c.status, subject: c.subject, text: c.text, orderId: c.orderId, channel: c.channel,
    receivedAt: c.receivedAt.toISOString(), answerDueBy: c.answerDueBy,
    answer: c.answer !== null && c.answeredAt ? { text: c.answer, answeredAt: c.answeredAt.toISOString() } : null,
  };
}

/** `today` is the Asia/Almaty date. */
export function adminClaimView(c: Claim, today: string): AdminClaimView {
  return {
    ...claimView(c), userId: c.userId, enteredBy: c.enteredBy, answeredBy: c.answeredBy,
    overdue: isOverdue(c, today), daysLeft: daysLeft(c.answerDueBy, today),
  };
}
