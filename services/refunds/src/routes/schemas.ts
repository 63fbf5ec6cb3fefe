import { Type } from 'typebox';

export const PREFIX = '/v1/refunds';
export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Tiyn = (description: string) => Type.Integer({ description: `${description}, in tiyn (1/100 ₸)` });
const Day = (description: string) => Type.String({ format: 'date', description });

export const Rule = Type.Enum(['full', 'prorated', 'none', 'manual'], {
  description: 'full: within 3 days of the last payment (14.1); prorated: within 2 months of use, less each month begun (14.2); none: used longer (14.3); manual: other grounds, an admin decides (14.5)',
});
export const GroundsSchema = Type.Enum(['standard', 'force_majeure', 'law', 'other'], { description: 'offer 14.5; default standard' });
export const StatusSchema = Type.Enum(['submitted', 'approved', 'rejected', 'paid'], { description: 'submitted → approved → paid, or rejected' });

export const Assessment = Type.Object({
  rule: Rule,
  eligibleAmount: Nullable(Tiyn('what the rule gives back; null when an admin decides')),
  monthsCharged: Type.Integer({ description: 'months of use begun, charged at price ÷ course months each' }),
});

export const ApplicationView = Type.Object({
  id: Uuid,
  orderId: Uuid,
  status: StatusSchema,
  grounds: GroundsSchema,
  assessment: Assessment,
  paidAmount: Tiyn('what was paid on the order'),
  currency: Type.Literal('KZT'),
  reviewDueBy: Day('Asia/Almaty date: 10 working days after receipt (offer 14.6)'),
  submittedAt: Type.String({ format: 'date-time' }),
  decision: Nullable(Type.Object({
    decidedAt: Type.String({ format: 'date-time' }),
    approvedAmount: Nullable(Tiyn('approved refund')),
    rejectionReason: Nullable(Type.String()),
    payoutDueBy: Nullable(Day('Asia/Almaty date: 10 banking days after approval (offer 14.7)')),
    paidAt: Nullable(Type.String({ format: 'date-time' })),
  })),
  form: Type.Object({
    userFullName: Type.String(), payerFullName: Type.String(), amount: Tiyn('the amount the student asked for'),
    accountIban: Type.String(), paymentDate: Type.String({ format: 'date' }), bankBic: Type.String(), reason: Type.String(),
  }, { description: 'Appendix 1 as filled in' }),
});

export const SubmittedView = Type.Intersect([ApplicationView, Type.Object({
  commissionNotice: Type.String({ description: 'offer 14.8, in Kazakh for Accept-Language kk, else Russian: the bank may keep 12–22%' }),
  commission: Type.Object({ minPercent: Type.Number(), maxPercent: Type.Number() }),
})]);

export const AdminApplicationView = Type.Intersect([ApplicationView, Type.Object({
  userId: Type.String(),
  decidedBy: Nullable(Type.String()),
  reviewOverdue: Type.Boolean({ description: 'still undecided after reviewDueBy' }),
})]);

export const bearer = [{ bearer: [] }];
