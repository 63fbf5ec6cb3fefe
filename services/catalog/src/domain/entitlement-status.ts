export type EntitlementState = 'active' | 'upcoming' | 'expired' | 'revoked';

/** What an entitlement means at `now`: revoked wins, then the window decides. */
export function entitlementState(e: { status: 'active' | 'revoked'; validFrom: Date; validUntil: Date }, now: Date): EntitlementState {
  if (e.status === 'revoked') return 'revoked';
  if (now.getTime() < e.validFrom.getTime()) return 'upcoming';
  if (now.getTime() >= e.validUntil.getTime()) return 'expired';
  return 'active';
}
