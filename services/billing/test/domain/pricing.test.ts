import t from 'tap';
import { priceOrder, type KnownProduct } from '../../src/domain/pricing.js';

const standard: KnownProduct = {
  productId: 'p1', version: 3, code: 'standard', title: { kk: 'СТАНДАРТ', ru: 'Стандарт' }, price: 16_000_000, currency: 'KZT',
  requiresProfileSubject: true, profilePairs: ['math-physics', 'biology-chemistry'], status: 'active',
};
const subscription: KnownProduct = { ...standard, productId: 'p2', code: 'tests', price: 500_000, requiresProfileSubject: false };

const cases: Array<[string, KnownProduct | undefined, Parameters<typeof priceOrder>[1], ReturnType<typeof priceOrder>]> = [
  ['an active package with its profile subject', standard, { productId: 'p1', profileSubject: 'math-physics', acceptTerms: true },
    { ok: true, productId: 'p1', productVersion: 3, amount: 16_000_000, currency: 'KZT', profileSubject: 'math-physics' }],
  ['a package without the profile subject', standard, { productId: 'p1', acceptTerms: true }, { ok: false, reason: 'profile-subject-required' }],
  ['a package with a null profile subject', standard, { productId: 'p1', profileSubject: null, acceptTerms: true }, { ok: false, reason: 'profile-subject-required' }],
  ['a package with a pair catalog does not know (offer 5.7)', standard, { productId: 'p1', profileSubject: 'math-history', acceptTerms: true },
    { ok: false, reason: 'unknown-profile-subject' }],
  ['a package whose pairs were never announced (older catalog)', { ...standard, profilePairs: null }, { productId: 'p1', profileSubject: 'math-history', acceptTerms: true },
    { ok: true, productId: 'p1', productVersion: 3, amount: 16_000_000, currency: 'KZT', profileSubject: 'math-history' }],
  ['a retired product', { ...standard, status: 'retired' }, { productId: 'p1', profileSubject: 'math-physics', acceptTerms: true }, { ok: false, reason: 'product-retired' }],
  ['an unknown product', undefined, { productId: 'px', acceptTerms: true }, { ok: false, reason: 'unknown-product' }],
  ['terms not accepted', standard, { productId: 'p1', profileSubject: 'math-physics', acceptTerms: false }, { ok: false, reason: 'terms-not-accepted' }],
  ['a subscription, with a profile subject it does not use', subscription, { productId: 'p2', profileSubject: 'math-physics', acceptTerms: true },
    { ok: true, productId: 'p2', productVersion: 3, amount: 500_000, currency: 'KZT', profileSubject: null }],
];

for (const [when, product, request, expected] of cases) {
  t.test(`when ordering ${when}, then ${expected.ok ? `it costs ${expected.amount} tiyn` : expected.reason}`, async (t) => {
    t.same(priceOrder(product, request), expected);
  });
}
