/**
 * Offer 2.6: a change takes effect when it is published "unless the Company states another date".
 * An admin may name a later instant; versions take effect in the order they are published, so
 * "the highest version in effect" is always the one published last among those in effect.
 */

/** How far in the past a stated effectiveAt may be (the admin's clock and ours differ a little). */
export const EFFECTIVE_AT_PAST_TOLERANCE_MS = 5 * 60_000;

export type EffectiveAtVerdict = { ok: true; effectiveAt: Date } | { ok: false; message: string };

export function checkEffectiveAt(stated: Date | undefined, now: Date, previous: Date | undefined): EffectiveAtVerdict {
  const wanted = stated ?? now;
  if (Number.isNaN(wanted.getTime())) return { ok: false, message: 'is not a date-time' };
  if (now.getTime() - wanted.getTime() > EFFECTIVE_AT_PAST_TOLERANCE_MS) {
    return { ok: false, message: 'must not be in the past: a version cannot take effect before it is published' };
  }
  // A version published ahead of its date is not overtaken silently: the next one waits for it.
  if (previous && wanted < previous) {
    return { ok: false, message: `must not be before the previous version takes effect (${previous.toISOString()})` };
  }
  return { ok: true, effectiveAt: wanted < now ? now : wanted };
}
