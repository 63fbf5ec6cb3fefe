/**
 * Offer 6.1.6: a user may not use their login and password at the same time on more than three
 * electronic devices. A session is a device, so a user has at most three active sessions.
 */
export const MAX_ACTIVE_SESSIONS = 3;

export interface ActiveSession {
  sessionId: string;
  deviceId: string;
  lastSeenAt: Date;
}

export type LoginDecision =
  | { kind: 'reuse'; sessionId: string }
  | { kind: 'new' }
  | { kind: 'evict'; sessionId: string }
  | { kind: 'refuse'; devices: ActiveSession[] };

/**
 * What a login from `deviceId` does, given the user's active sessions. `refuse` lists the active
 * sessions least recently used first (the first one is what `evictOldest` would sign out); ties on
 * `lastSeenAt` go to the smaller `sessionId`. The caller holds a per-user lock between reading
 * `active` and acting, so concurrent logins cannot pass the limit together.
 */
export function decideLogin(active: readonly ActiveSession[], deviceId: string, evictOldest: boolean): LoginDecision {
  const byLeastRecent = active.toSorted(leastRecentlyUsedFirst);

  const sameDevice = byLeastRecent.filter((s) => s.deviceId === deviceId).at(-1);
  if (sameDevice !== undefined) return { kind: 'reuse', sessionId: sameDevice.sessionId };

  const oldest = byLeastRecent[0];
  if (byLeastRecent.length < MAX_ACTIVE_SESSIONS || oldest === undefined) return { kind: 'new' };
  if (evictOldest) return { kind: 'evict', sessionId: oldest.sessionId };
  return { kind: 'refuse', devices: byLeastRecent };
}

/** An invalid `lastSeenAt` counts as the oldest possible, so a broken row is evicted first. */
function leastRecentlyUsedFirst(a: ActiveSession, b: ActiveSession): number {
  return compare(seenAt(a), seenAt(b)) || compare(a.sessionId, b.sessionId);
}

function seenAt(session: ActiveSession): number {
  const time = session.lastSeenAt.getTime();
  return Number.isNaN(time) ? -Infinity : time;
}

function compare<T extends number | string>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
