import t from 'tap';
import fc from 'fast-check';
import { addDaysToDate, localDate } from '@joo/calendar';
import { assertProperty } from '@joo/testing';
import { ANSWER_CALENDAR_DAYS, answerDueBy, checkReceivedAt, daysLeft, isOverdue } from '../../src/domain/claims.js';

/** Any instant from 2020 to 2040. */
const instant = fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') }).map((ms) => new Date(ms));

t.test('when any claim is received, then exactly 90 calendar days lie from its Almaty date to its due date, and it is late only after that', async (t) => {
  assertProperty(t, 'daysLeft(due, receipt date) = 90; overdue iff today > due', fc.property(instant, fc.integer({ min: -10, max: 200 }), (receivedAt, later) => {
    const due = answerDueBy(receivedAt);
    const received = localDate(receivedAt);
    if (daysLeft(due, received) !== ANSWER_CALENDAR_DAYS) return false;
    const today = addDaysToDate(received, later);
    return isOverdue({ status: 'received', answerDueBy: due }, today) === (later > ANSWER_CALENDAR_DAYS)
      && daysLeft(due, today) === ANSWER_CALENDAR_DAYS - later;
  }));
});

t.test('when any instant up to now is entered as received, then it is kept as given, and anything after now is refused', async (t) => {
  assertProperty(t, 'checkReceivedAt(iso) = iso within 366 days; future refused', fc.property(instant, fc.integer({ min: -365 * 86_400_000, max: 86_400_000 }), (now, offset) => {
    const at = new Date(now.getTime() + offset);
    const checked = checkReceivedAt(at.toISOString(), now);
    return offset > 0 ? !checked.ok : checked.ok && checked.value.getTime() === at.getTime();
  }));
});
