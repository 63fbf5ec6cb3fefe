import { addCalendarDays, fromLocal, localParts } from '@joo/calendar';

/** Marketing SMS and calls wait for the day: nothing between 21:00 and 09:00 Asia/Almaty. */
export const QUIET_FROM_HOUR = 21;
export const QUIET_UNTIL_HOUR = 9;

export type Channel = 'email' | 'sms' | 'voice';
export type Kind = 'transactional' | 'marketing';

export function isQuiet(at: Date): boolean {
  const { hour } = localParts(at);
  return hour >= QUIET_FROM_HOUR || hour < QUIET_UNTIL_HOUR;
}

/** The first instant at or after `at` outside quiet hours: `at` itself by day, else the next 09:00. */
export function endOfQuietHours(at: Date): Date {
  if (!isQuiet(at)) return at;
  const w = localParts(at);
  const nine = fromLocal({ year: w.year, month: w.month, day: w.day, hour: QUIET_UNTIL_HOUR, minute: 0 });
  // Before 09:00 the quiet ends this morning; after 21:00, on the next calendar day's morning.
  return w.hour < QUIET_UNTIL_HOUR ? nine : addCalendarDays(nine, 1);
}

/** When a message may go: marketing SMS and calls wait out the quiet hours; the rest go at once. */
export function earliestSend(channel: Channel, kind: Kind, at: Date): Date {
  return kind === 'marketing' && channel !== 'email' ? endOfQuietHours(at) : at;
}
