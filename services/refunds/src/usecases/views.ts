import type { Application } from '../store/applications.js';

/** What the student sees of an application. */
export interface ApplicationView {
  id: string;
  orderId: string;
  status: Application['status'];
  grounds: Application['grounds'];
  assessment: { rule: Application['rule']; eligibleAmount: number | null; monthsCharged: number };
  paidAmount: number;
  currency: 'KZT';
  reviewDueBy: string;
  submittedAt: string;
  decision: null | {
    decidedAt: string;
    approvedAmount: number | null;
    rejectionReason: string | null;
    payoutDueBy: string | null;
    paidAt: string | null;
  };
  form: {
    userFullName: string; payerFullName: string; amount: number; accountIban: string; paymentDate: string; bankBic: string; reason: string;
  };
}

/** Admins also see who decided and whether the review is late. */
export interface AdminApplicationView extends ApplicationView {
  userId: string;
  decidedBy: string | null;
  reviewOverdue: boolean;
}

export function applicationView(a: Application): ApplicationView {
  return {
    id: a.id, orderId: a.orderId, status: a.status, grounds: a.grounds,
    assessment: { rule: a.rule, eligibleAmount: a.eligibleAmount, monthsCharged: a.monthsCharged },
    paidAmount: a.paidAmount, currency: a.currency, reviewDueBy: a.reviewDueBy, submittedAt: a.submittedAt.toISOString(),
    decision: a.decidedAt ? {
      decidedAt: a.decidedAt.toISOString(), approvedAmount: a.approvedAmount, rejectionReason: a.rejectionReason,
      payoutDueBy: a.payoutDueBy, paidAt: a.paidAt?.toISOString() ?? null,
    } : null,
    form: {
      userFullName: a.userFullName, payerFullName: a.payerFullName, amount: a.statedAmount, accountIban: a.accountIban,
      paymentDate: a.statedPaymentDate, bankBic: a.bankBic, reason: a.reason,
    },
  };
}

/** `today` is the Asia/Almaty date: the deadline day itself is still on time. */
export function adminApplicationView(a: Application, today: string): AdminApplicationView {
  return { ...applicationView(a), userId: a.userId, decidedBy: a.decidedBy, reviewOverdue: a.status === 'submitted' && a.reviewDueBy < today };
}
