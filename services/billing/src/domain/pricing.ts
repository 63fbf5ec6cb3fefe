/**
 * What an order costs: the price of the product's current version, snapshotted on the order so a
 * later tariff change (offer 4.2) does not touch it.
 */

export interface KnownProduct {
  productId: string;
  version: number;
  code: string;
  title: { kk: string; ru: string };
  price: number;
  currency: 'KZT';
  requiresProfileSubject: boolean;
  /** the pairs an order may name (from catalog.product.changed); null: not announced yet, not checked */
  profilePairs: string[] | null;
  status: 'active' | 'retired';
}

export interface OrderRequest {
  productId: string;
  profileSubject?: string | null;
  acceptTerms: boolean;
}

export type PricingRefusal = 'terms-not-accepted' | 'unknown-product' | 'product-retired' | 'profile-subject-required' | 'unknown-profile-subject';

export type Priced =
  | { ok: true; productId: string; productVersion: number; amount: number; currency: 'KZT'; profileSubject: string | null }
  | { ok: false; reason: PricingRefusal };

export const REFUSAL_TEXT: Record<PricingRefusal, string> = {
  'terms-not-accepted': 'Accept the terms of the offer (acceptTerms: true) to place an order',
  'unknown-product': 'There is no such product on sale',
  'product-retired': 'This product has been retired and can no longer be bought',
  'profile-subject-required': 'This package needs the profile-subject pair you will study (profileSubject)',
  'unknown-profile-subject': 'There is no such profile-subject pair; choose one from GET /v1/catalog/subjects',
};

export function priceOrder(product: KnownProduct | undefined, request: OrderRequest): Priced {
  if (request.acceptTerms !== true) return { ok: false, reason: 'terms-not-accepted' };
  if (!product) return { ok: false, reason: 'unknown-product' };
  if (product.status !== 'active') return { ok: false, reason: 'product-retired' };
  const subject = request.profileSubject ?? null;
  if (product.requiresProfileSubject && !subject) return { ok: false, reason: 'profile-subject-required' };
  // Offer 5.7 locks the pair bought; a pair catalog does not know would lock nothing.
  if (product.requiresProfileSubject && product.profilePairs && !product.profilePairs.includes(subject!)) {
    return { ok: false, reason: 'unknown-profile-subject' };
  }
  return {
    ok: true,
    productId: product.productId,
    productVersion: product.version,
    amount: product.price,
    currency: product.currency,
    // A product without a profile subject ignores one sent along: nothing would be locked by it.
    profileSubject: product.requiresProfileSubject ? subject : null,
  };
}
