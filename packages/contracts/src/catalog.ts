/**
 * Events published by catalog (stream JOO_CATALOG, subjects joo.catalog.>).
 */
import { Type } from 'typebox';
import { Currency, Instant, LocalizedText, Tiyn } from './common.js';
import { defineEvent } from './envelope.js';

export const ProductChanged = defineEvent('catalog', 'catalog.product.changed.v1', {
  description: 'A product (course package or subscription tariff) was created, got a new version (price, features) or was retired. Carries the whole current state, so a consumer keeps a price list from the latest event per product (compare `version`).',
  subject: 'productId',
}, Type.Object({
  productId: Type.String(),
  version: Type.Integer({ minimum: 1 }),
  kind: Type.Union([Type.Literal('package'), Type.Literal('subscription')]),
  code: Type.String(),
  title: LocalizedText,
  price: Tiyn,
  currency: Currency,
  courseMonths: Type.Integer({ minimum: 0, description: 'length of the course; a refund charges 1/courseMonths of the price per month begun' }),
  bonusDays: Type.Integer({ minimum: 0, description: 'access after the course ends (Appendix 2)' }),
  requiresProfileSubject: Type.Boolean({ description: 'an order must name the profile-subject pair' }),
  status: Type.Union([Type.Literal('active'), Type.Literal('retired')]),
  changedAt: Instant,
  profilePairs: Type.Optional(Type.Array(Type.String(), {
    description: "the profile-subject pairs an order may name (catalog's GET /v1/catalog/subjects), when requiresProfileSubject; billing refuses any other (offer 5.7)",
  })),
}));

export const EntitlementGranted = defineEvent('catalog', 'catalog.entitlement.granted.v1', {
  description: 'A user may use a product from `validFrom` until `validUntil`: granted for a payment or by an admin.',
  subject: 'userId',
}, Type.Object({
  entitlementId: Type.String(),
  userId: Type.String(),
  productId: Type.String(),
  productVersion: Type.Integer(),
  orderId: Type.Union([Type.String(), Type.Null()], { description: 'null when an admin granted it' }),
  profileSubject: Type.Union([Type.String(), Type.Null()], { description: 'the profile-subject pair chosen at purchase, e.g. math-physics' }),
  profileSubjects: Type.Array(Type.String(), {
    description: "the pair's subject codes (identity's profileSubjects values), locked while the entitlement is active (offer 5.7); empty without a pair",
  }),
  validFrom: Instant,
  validUntil: Instant,
  courseUntil: Type.Optional(Type.String({
    format: 'date-time',
    description: 'end of the course proper; from then until `validUntil` is the bonus period (offer Appendix 2): practice and recorded lessons stay open, live lessons, mocks and curator follow-up end. Absent: the whole validity is course time',
  })),
  grantedAt: Instant,
}));

export const EntitlementRevoked = defineEvent('catalog', 'catalog.entitlement.revoked.v1', {
  description: 'An entitlement ended early (refund approved, admin, erasure).',
  subject: 'userId',
}, Type.Object({
  entitlementId: Type.String(),
  userId: Type.String(),
  productId: Type.String(),
  orderId: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.Literal('refund'), Type.Literal('admin'), Type.Literal('erased')]),
  revokedAt: Instant,
}));

export const NewsPublished = defineEvent('catalog', 'catalog.news.published.v1', {
  description: 'A news item went live (admin, or a contest launch/result turned into news).',
  subject: 'newsId',
}, Type.Object({
  newsId: Type.String(),
  title: LocalizedText,
  summary: Type.Optional(LocalizedText),
  origin: Type.Union([Type.Null(), Type.Object({ source: Type.String(), id: Type.String() })], {
    description: 'the event that produced it, e.g. {source: "contests", id: contestId}; null for admin news',
  }),
  publishedAt: Instant,
}));

export const catalogEvents = [ProductChanged, EntitlementGranted, EntitlementRevoked, NewsPublished] as const;
