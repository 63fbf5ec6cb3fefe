/**
 * Practice's copy of catalog's entitlements (ADR 0018): who may practise is learned from catalog's
 * events, never asked of catalog while a student waits.
 */
import { eventRouter } from '@joo/bus';
import { EntitlementGranted, EntitlementRevoked } from '@joo/contracts';
import { revokeEntitlement, upsertEntitlement } from '../store/entitlements.js';

export const catalogRoutes = eventRouter()
  .on(EntitlementGranted, async (d, _event, tx) => {
    await upsertEntitlement(tx, {
      entitlementId: d.entitlementId, userId: d.userId, productId: d.productId, profileSubjects: d.profileSubjects,
      validFrom: new Date(d.validFrom), validUntil: new Date(d.validUntil),
      courseUntil: d.courseUntil ? new Date(d.courseUntil) : null,
    });
  })
  .on(EntitlementRevoked, async (d, _event, tx) => {
    await revokeEntitlement(tx, { entitlementId: d.entitlementId, userId: d.userId, productId: d.productId, at: new Date(d.revokedAt) });
  });
