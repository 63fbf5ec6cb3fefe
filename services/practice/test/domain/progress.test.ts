import t from 'tap';
import { accuracy, accuracyOverTime, almatyWeek, mockTotalsByWeek, mockTrend, weakestTopics, type TopicTally } from '../../src/domain/progress.js';

const tally = (subject: string, topic: string, at: string, correct: number, of: number): TopicTally => ({ subject, topic, at: new Date(at), correct, of });

t.test('an Almaty week runs Monday to Sunday by the Almaty calendar (UTC+5), named by its Monday', async (t) => {
  t.equal(almatyWeek(new Date('2026-12-07T00:00:00+05:00')), '2026-12-07', 'Monday midnight in Almaty opens the week');
  t.equal(almatyWeek(new Date('2026-12-06T19:00:00Z')), '2026-12-07', 'Sunday 19:00 UTC is already Monday in Almaty');
  t.equal(almatyWeek(new Date('2026-12-06T18:59:59Z')), '2026-11-30', 'Sunday 23:59 in Almaty is still the week before');
  t.equal(almatyWeek(new Date('2027-01-01T12:00:00Z')), '2026-12-28', 'a week across the new year keeps its Monday');
});

t.test('accuracy is the share right to three places, null with nothing answered', async (t) => {
  t.same(accuracy(2, 3), { correct: 2, of: 3, accuracy: 0.667 });
  t.same(accuracy(0, 0), { correct: 0, of: 0, accuracy: null });
});

t.test('accuracy over time adds practice hours and mock topic lines per subject, topic and week', async (t) => {
  const progress = accuracyOverTime([
    tally('physics', 'units', '2026-12-01T06:00:00Z', 1, 2),
    tally('math', 'primes', '2026-12-01T06:00:00Z', 3, 4),
    tally('math', 'primes', '2026-12-09T06:00:00Z', 4, 4),
    tally('math', 'equations', '2026-12-02T06:00:00Z', 0, 2),
    tally('math', 'equations', '2026-12-02T07:00:00Z', 0, 0),
  ]);
  t.same(progress.map((s) => s.subject), ['math', 'physics'], 'subjects by name');
  const math = progress[0]!;
  t.same({ correct: math.correct, of: math.of, accuracy: math.accuracy }, { correct: 7, of: 10, accuracy: 0.7 });
  t.same(math.weeks, [{ week: '2026-11-30', correct: 3, of: 6, accuracy: 0.5 }, { week: '2026-12-07', correct: 4, of: 4, accuracy: 1 }], 'oldest week first');
  t.same(math.topics.map((x) => [x.topic, x.correct, x.of]), [['equations', 0, 2], ['primes', 7, 8]], 'topics by name; an empty tally counts nothing');
  t.same(accuracyOverTime([]), [], 'nothing answered, nothing to show');
});

t.test('mock totals week by week keep the count, the best and the latest of each week', async (t) => {
  const weeks = mockTotalsByWeek([
    { total: 90, max: 140, finishedAt: new Date('2026-12-13T10:00:00Z') },
    { total: 70, max: 140, finishedAt: new Date('2026-12-06T10:00:00Z') },
    { total: 80, max: 140, finishedAt: new Date('2026-12-10T10:00:00Z') },
  ]);
  t.same(weeks, [
    { week: '2026-11-30', attempts: 1, best: 70, latest: 70, max: 140 },
    { week: '2026-12-07', attempts: 2, best: 90, latest: 90, max: 140 },
  ]);
  t.same(mockTotalsByWeek([]), []);
});

t.test('the weakest topics need enough answers, stay below the bar, and tie deterministically', async (t) => {
  const subjects = accuracyOverTime([
    tally('math', 'one-miss', '2026-12-01T06:00:00Z', 0, 1),
    tally('math', 'weak', '2026-12-01T06:00:00Z', 2, 10),
    tally('math', 'weak-too', '2026-12-01T06:00:00Z', 1, 5),
    tally('physics', 'weak-too', '2026-12-01T06:00:00Z', 1, 5),
    tally('math', 'fine', '2026-12-01T06:00:00Z', 9, 10),
    tally('math', 'borderline', '2026-12-01T06:00:00Z', 4, 5),
  ]);
  t.same(weakestTopics(subjects).map((w) => `${w.subject}/${w.topic}`), ['math/weak', 'math/weak-too', 'physics/weak-too'],
    'one miss is not weakest; 80 % and above is not weak; equal shares: more answers, then subject name');
  t.same(weakestTopics(subjects, { minAnswers: 1, below: 1, limit: 2 }).map((w) => w.topic), ['one-miss', 'weak'], 'the rule is a parameter');
});

t.test('the mock trend compares the best of the last two weeks with a mock', async (t) => {
  t.same(mockTrend([]), { direction: 'none', change: null, recent: [] });
  const week = (w: string, best: number) => ({ week: w, attempts: 1, best, latest: best, max: 140 });
  t.same(mockTrend([week('2026-11-30', 70)]), { direction: 'none', change: null, recent: [{ week: '2026-11-30', best: 70 }] });
  t.same(mockTrend([week('2026-11-30', 70), week('2026-12-07', 82)]).direction, 'up');
  t.same(mockTrend([week('2026-11-30', 70), week('2026-12-07', 61)]).change, -9);
  t.same(mockTrend([week('2026-11-30', 70), week('2026-12-07', 70)]).direction, 'steady');
  t.equal(mockTrend(['a', 'b', 'c', 'd', 'e'].map((w, i) => week(w, i))).recent.length, 4, 'up to four weeks');
});
