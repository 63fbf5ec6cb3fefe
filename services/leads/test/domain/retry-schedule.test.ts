import t from 'tap';
import { MAX_ATTEMPTS, nominalSchedule, retryDelayMs } from '../../src/domain/retry-schedule.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;

t.test('when an attempt fails, then the next waits longer each time, nominally', async (t) => {
  const cases: Array<[attemptsMade: number, delay: number | null]> = [
    [1, 5 * S], [2, 5 * M], [3, 30 * M], [4, 2 * H], [5, 5 * H], [6, 10 * H], [7, 10 * H], [8, null], [9, null], [0, null], [-1, null], [1.5, null],
  ];
  for (const [made, delay] of cases) t.equal(retryDelayMs(made, 0.5), delay, `after ${made} attempt(s)`);
  t.equal(MAX_ATTEMPTS, 8);
});

t.test('when jitter is drawn, then the delay stays within ±10 % of the nominal one', async (t) => {
  const cases: Array<[random: number, delay: number]> = [[0, 4_500], [0.25, 4_750], [0.5, 5_000], [0.75, 5_250], [1, 5_500], [-3, 4_500], [7, 5_500]];
  for (const [random, delay] of cases) t.equal(retryDelayMs(1, random), delay, `random ${random}`);
});

t.test('when the whole schedule runs, then the last attempt is about a day after the first', async (t) => {
  const schedule = nominalSchedule();
  t.equal(schedule.length, MAX_ATTEMPTS);
  const last = schedule.at(-1)!.afterFirstMs;
  t.ok(last > 24 * H && last < 30 * H, `${(last / H).toFixed(2)} h`);
  for (let i = 1; i < schedule.length; i++) t.ok(schedule[i]!.afterFirstMs > schedule[i - 1]!.afterFirstMs, 'growing');
});
