import t from 'tap';
import { answerDueBy, checkReceivedAt, daysLeft, isOverdue } from '../../src/domain/claims.js';

t.test('when a claim is received, then its answer is due 90 calendar days after the Almaty date of receipt (offer 13.2)', async (t) => {
  t.equal(answerDueBy(new Date('2026-03-02T10:00:00+05:00')), '2026-05-31');
  // 20:30 UTC on 31 Dec is already 1 January in Almaty: the count starts from the Almaty date.
  t.equal(answerDueBy(new Date('2026-12-31T20:30:00Z')), '2027-04-01');
  t.equal(answerDueBy(new Date('2026-12-31T18:59:59Z')), '2027-03-31');
  // A leap year's February is counted day by day.
  t.equal(answerDueBy(new Date('2028-02-01T12:00:00+05:00')), '2028-05-01');
});

t.test('when the due date is today, then the claim is on time with 0 days left; the day after it is overdue', async (t) => {
  const claim = { status: 'received' as const, answerDueBy: '2026-05-31' };
  t.equal(daysLeft('2026-05-31', '2026-05-21'), 10);
  t.equal(daysLeft('2026-05-31', '2026-05-31'), 0);
  t.notOk(isOverdue(claim, '2026-05-31'));
  t.ok(isOverdue(claim, '2026-06-01'));
  t.equal(daysLeft('2026-05-31', '2026-06-02'), -2);
  t.notOk(isOverdue({ ...claim, status: 'answered' }, '2026-09-01'), 'an answered claim is never overdue');
});

t.test('when an admin enters when an e-mail arrived, then an instant or an Almaty date up to now and at most 366 days back is taken', async (t) => {
  const now = new Date('2026-06-15T09:00:00Z'); // 14:00 in Almaty
  t.same(checkReceivedAt('2026-06-10T08:15:00+05:00', now), { ok: true, value: new Date('2026-06-10T03:15:00Z') });
  t.same(checkReceivedAt('2026-06-10', now), { ok: true, value: new Date('2026-06-09T19:00:00Z') }, 'a date is the start of that Almaty day');
  t.same(checkReceivedAt('2026-06-15', now), { ok: true, value: new Date('2026-06-14T19:00:00Z') }, 'today is allowed');
  t.ok(checkReceivedAt('2025-06-14T12:00:00Z', now).ok, '366 days back is allowed');
  for (const [value, why] of [
    ['2026-06-15T09:00:01Z', /future/], ['2026-06-16', /future/], ['2025-06-10', /too long ago/],
    ['2026-02-30', /must be/], ['2026-02-30T10:00:00Z', /must be/], ['2026-06-10T10:00:00', /must be/], ['yesterday', /must be/], ['', /must be/],
  ] as const) {
    const checked = checkReceivedAt(value, now);
    t.notOk(checked.ok, `${JSON.stringify(value)} is refused`);
    if (!checked.ok) t.match(checked.problem, why);
  }
});
