import type { ContentItem } from '../store/content.js';
import { entitlementState } from '../domain/entitlement-status.js';
import type { Entitlement } from '../store/entitlements.js';
import type { Product } from '../store/products.js';

/** Dates as ISO strings, the rest as stored. */
export function productView(p: Product) {
  return { ...p, createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString(), retiredAt: p.retiredAt?.toISOString() ?? null };
}

export function entitlementView(e: Entitlement, now: Date) {
  return {
    id: e.id, userId: e.userId, productId: e.productId, productVersion: e.productVersion, product: e.product, orderId: e.orderId,
    profileSubject: e.profileSubject, validFrom: e.validFrom.toISOString(), validUntil: e.validUntil.toISOString(),
    courseUntil: e.courseUntil?.toISOString() ?? null, state: entitlementState(e, now), grantedBy: e.grantedBy, revokedReason: e.revokedReason, revokedAt: e.revokedAt?.toISOString() ?? null,
    createdAt: e.createdAt.toISOString(),
  };
}

/** What anyone may see of an item: never where its media lives. */
export function contentView(c: ContentItem) {
  return {
    id: c.id, type: c.type, subject: c.subject, languages: c.languages, title: c.title, description: c.description ?? null,
    durationMinutes: c.durationMinutes ?? null, startsAt: c.startsAt?.toISOString() ?? null, questionCount: c.questionCount ?? null,
    productIds: c.productIds, status: c.status,
  };
}
