/**
 * Offer 2.8: the portal may be stopped if users are told "не менее чем за 5 (пять) календарных дней
 * до момента его прекращения" — at least five days before the moment it stops. Counted as 5 × 24
 * hours from the announcement to the announced instant, so no reading of "calendar day" (Almaty
 * midnight, the user's time zone) can make the notice shorter than five whole days.
 */
export const SHUTDOWN_NOTICE_MS = 5 * 24 * 3_600_000;

/** Whether a notice given at `now` about a shutdown at `shutdownAt` is early enough. */
export function shutdownNoticeInTime(now: Date, shutdownAt: Date): boolean {
  return shutdownAt.getTime() - now.getTime() >= SHUTDOWN_NOTICE_MS;
}

/** The earliest instant a shutdown announced at `now` may be set for. */
export function earliestShutdownAt(now: Date): Date {
  return new Date(now.getTime() + SHUTDOWN_NOTICE_MS);
}
