import t from 'tap';
import { ageOn, isMinor } from '../../src/domain/age.js';

t.test('when age is counted, then whole years on the calendar date, the birthday itself included', async (t) => {
  t.equal(ageOn('2008-06-15', '2026-06-14'), 17, 'the day before the 18th birthday');
  t.equal(ageOn('2008-06-15', '2026-06-15'), 18, 'the 18th birthday');
  t.equal(ageOn('2008-02-29', '2026-02-28'), 17, 'born on 29 February: not yet on 28 February');
  t.equal(ageOn('2008-02-29', '2026-03-01'), 18, 'of age on 1 March in a common year');
  t.equal(ageOn('2000-12-31', '2026-01-01'), 25);
});

t.test('when a student is under 18, then they are a minor (offer 8.2)', async (t) => {
  t.equal(isMinor('2008-06-15', '2026-06-14'), true);
  t.equal(isMinor('2008-06-15', '2026-06-15'), false);
  t.equal(isMinor('1990-01-01', '2026-06-15'), false);
});
