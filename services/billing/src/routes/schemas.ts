import { Type } from 'typebox';
export { problemsFor } from '@joo/service-kit';

export const PREFIX = '/v1/billing';
export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid });
export const Bilingual = Type.Object({ kk: Type.String(), ru: Type.String() });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const OrderStatus = Type.Enum(['pending', 'paid', 'failed', 'on_hold', 'cancelled'], {
  description: 'pending → paid | failed; on_hold: the provider reported another amount or currency, a person checks it',
});

/** A clause of the offer the student must see, quoted in both languages. */
export const OfferNotice = Type.Object({
  code: Type.String({ description: 'stable name of the notice, e.g. payment-system-commission' }),
  clause: Type.String({ description: 'the offer clause quoted' }),
  kk: Type.String(),
  ru: Type.String(),
});

export const OrderView = Type.Object({
  orderId: Uuid,
  amount: Type.Integer({ description: 'tiyn (1/100 ₸), snapshotted when ordered' }),
  currency: Type.Literal('KZT'),
  paymentUrl: Type.String({ description: 'where the student pays; for the sandbox, {paymentUrl}/confirm and {paymentUrl}/decline are its buttons' }),
  status: OrderStatus,
  paymentMethod: Type.String(),
  paymentStatus: Type.Enum(['pending', 'succeeded', 'failed', 'suspicious']),
  productId: Type.String(),
  productVersion: Type.Integer(),
  productCode: Type.String(),
  productTitle: Bilingual,
  profileSubject: Nullable(Type.String()),
  refundedAmount: Type.Integer({ description: 'tiyn paid back so far' }),
  createdAt: Type.String({ format: 'date-time' }),
  paidAt: Nullable(Type.String({ format: 'date-time' })),
  notices: Type.Array(OfferNotice, { description: 'warnings of the offer to show before paying (4.3: the payment system\'s own commissions), kk and ru' }),
});

export const bearer = [{ bearer: [] }];
