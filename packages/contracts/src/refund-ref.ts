import { Type } from 'typebox';

/**
 * Which refund application, of which order, of whom: every refund event names them first, billing's
 * refund.paid as well as refunds' own. Not exported by the package: a part of event schemas only.
 */
export const RefundApplicationRef = {
  applicationId: Type.String(),
  orderId: Type.String(),
  userId: Type.String(),
};
