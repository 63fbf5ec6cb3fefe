import t from 'tap';
import { checkEffectiveAt } from '../../src/domain/offer-versions.js';

const now = new Date('2026-12-07T06:00:00Z');

t.test('when no date is stated, then the version takes effect now', async (t) => {
  t.same(checkEffectiveAt(undefined, now, new Date('2026-01-01T00:00:00Z')), { ok: true, effectiveAt: now });
  t.same(checkEffectiveAt(undefined, now, undefined), { ok: true, effectiveAt: now });
});

t.test('when a future date is stated, then it is kept', async (t) => {
  const later = new Date('2027-01-01T00:00:00Z');
  t.same(checkEffectiveAt(later, now, now), { ok: true, effectiveAt: later });
});

t.test('when the stated date is a little behind our clock, then it takes effect now; far behind, refused', async (t) => {
  t.same(checkEffectiveAt(new Date(now.getTime() - 60_000), now, undefined), { ok: true, effectiveAt: now });
  t.match(checkEffectiveAt(new Date(now.getTime() - 3600_000), now, undefined), { ok: false, message: /past/ });
});

t.test('when the date is before the previous version takes effect, then refused', async (t) => {
  const pending = new Date('2027-01-01T00:00:00Z');
  t.match(checkEffectiveAt(undefined, now, pending), { ok: false, message: /previous version/ });
  t.match(checkEffectiveAt(new Date('2026-12-31T00:00:00Z'), now, pending), { ok: false });
  t.same(checkEffectiveAt(pending, now, pending), { ok: true, effectiveAt: pending });
  t.match(checkEffectiveAt(new Date('x'), now, undefined), { ok: false, message: /date-time/ });
});
