/** The same student and university within this many days is the same lead, not a new one. */
export const DEDUP_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

/** The earliest creation time of a lead that still counts as "the same" one at `now`. */
export function dedupWindowStart(now: Date): Date {
  return new Date(now.getTime() - DEDUP_WINDOW_DAYS * DAY_MS);
}

/** True when a lead created at `createdAt` is the one a new request at `now` returns. */
export function isDuplicate(createdAt: Date, now: Date): boolean {
  return createdAt.getTime() > dedupWindowStart(now).getTime() && createdAt.getTime() <= now.getTime();
}
