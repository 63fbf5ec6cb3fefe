import t from 'tap';
import { isCalendarDate, isIsoDate, isIsoInstant } from '../../src/domain/calendar.js';

const dates = [
  [2024, 2, 29, true, 'leap day'],
  [2100, 2, 29, false, 'century, not leap'],
  [2000, 2, 29, true, '400-year leap'],
  [1900, 2, 29, false, '1900 is not leap'],
  [1887, 12, 31, true, 'nineteenth century'],
  [2026, 4, 31, false, '31 April'],
  [2026, 0, 1, false, 'month 0'],
  [2026, 13, 1, false, 'month 13'],
  [2026, 1, 0, false, 'day 0'],
  [50, 1, 1, true, 'a two-digit year is not moved to the 1900s'],
  [2026, 1.5, 1, false, 'a fraction'],
] as const;
for (const [y, m, d, expected, note] of dates) {
  t.test(`when the date is ${y}-${m}-${d} (${note}), then isCalendarDate is ${expected}`, async (t) => {
    t.equal(isCalendarDate(y, m, d), expected);
  });
}

const isoDates = [['2026-04-01', true], ['2026-02-29', false], ['2026-4-01', false], ['2026-04-01T00:00:00Z', false], ['', false]] as const;
for (const [text, expected] of isoDates) {
  t.test(`when the text is ${JSON.stringify(text)}, then isIsoDate is ${expected}`, async (t) => {
    t.equal(isIsoDate(text), expected);
  });
}

const instants = [
  ['2026-01-01T00:00:00Z', true],
  ['2026-01-01T05:00:00+05:00', true],
  ['2026-01-01T00:00:00.123Z', true],
  ['2026-01-01T24:00:00Z', false],
  ['2026-01-01T23:60:00Z', false],
  ['2026-02-30T00:00:00Z', false],
  ['2026-01-01 00:00:00Z', false],
  ['2026-01-01T00:00:00', false],
  ['2026-01-01', false],
] as const;
for (const [text, expected] of instants) {
  t.test(`when the text is ${JSON.stringify(text)}, then isIsoInstant is ${expected}`, async (t) => {
    t.equal(isIsoInstant(text), expected);
  });
}
