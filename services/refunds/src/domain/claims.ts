import { addDaysToDate, calendarDaysBetween, localDate, startOfLocalDate, isIsoDate } from '@joo/calendar';

/**
 * Claims (offer §13): the answer deadline, and how a date an admin types for a request received by
 * e-mail is read and bounded. Deadlines are Asia/Almaty dates, as every deadline of the offer.
 */

/** 13.2: a claim is answered within 90 calendar days of its receipt. */
export const ANSWER_CALENDAR_DAYS = 90;
/** The SRE dashboard calls a claim "due soon" with this many days or fewer left. */
export const DUE_SOON_DAYS = 10;
/** An e-mail older than this is a typo in the date, not a request still to be entered. */
export const MAX_RECEIVED_AGE_DAYS = 366;

export const SUBJECT_LENGTH = { min: 3, max: 200 };
export const TEXT_LENGTH = { min: 10, max: 10_000 };
export const ANSWER_LENGTH = { min: 10, max: 20_000 };

/** The last Almaty date on which the answer is on time: the receipt's Almaty date + 90 days. */
export function answerDueBy(receivedAt: Date): string {
  return addDaysToDate(localDate(receivedAt), ANSWER_CALENDAR_DAYS);
}

/** Calendar days from `today` (an Almaty date) to the due date: 0 on the day itself, negative once late. */
export function daysLeft(dueBy: string, today: string): number {
  return (Date.parse(`${dueBy}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000;
}

/** Still unanswered after its due date; the due date itself is still on time. */
export function isOverdue(claim: { status: 'received' | 'answered'; answerDueBy: string }, today: string): boolean {
  return claim.status === 'received' && claim.answerDueBy < today;
}

export type ReceivedAtCheck = { ok: true; value: Date } | { ok: false; problem: string };

/**
 * When a request sent by e-mail arrived, as an admin enters it: an instant with its offset
 * (from the e-mail's Date header), or a YYYY-MM-DD date, read as the start of that Almaty day. Not
 * after `now`, and not more than MAX_RECEIVED_AGE_DAYS before it.
 */
export function checkReceivedAt(value: string, now: Date): ReceivedAtCheck {
  const expected = `an ISO 8601 instant with its offset (2026-03-02T14:05:00+05:00) or an Almaty date (YYYY-MM-DD), from the last ${MAX_RECEIVED_AGE_DAYS} days up to now`;
  const datePart = value.slice(0, 10);
  let at: Date;
  if (isIsoDate(value)) {
    at = startOfLocalDate(value);
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i.test(value)
    && isIsoDate(datePart) && !Number.isNaN(Date.parse(value))) {
    at = new Date(value);
  } else {
    return { ok: false, problem: `must be ${expected}` };
  }
  if (at.getTime() > now.getTime()) return { ok: false, problem: `is in the future: must be ${expected}` };
  if (calendarDaysBetween(at, now) > MAX_RECEIVED_AGE_DAYS) return { ok: false, problem: `is too long ago: must be ${expected}` };
  return { ok: true, value: at };
}
