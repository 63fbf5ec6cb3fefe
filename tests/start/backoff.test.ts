/** The restart back-off of `pnpm start` (scripts/start/backoff.mjs): Kubernetes' rule, scaled down. */
import t from 'tap';
import { DEFAULT_BACKOFF, nextRestart } from '../../scripts/start/backoff.mjs';

const quickly = 2_000; // a crash this soon after a start is part of a streak

t.test('when a service keeps crashing, then the wait doubles from 1 s and stops at 30 s', async (t) => {
  const delays: number[] = [];
  let crashes = 0;
  for (let i = 0; i < 8; i += 1) {
    const plan = nextRestart(crashes, quickly);
    crashes = plan.crashes;
    delays.push(plan.delayMs);
  }
  t.same(delays, [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  t.equal(crashes, 8);
});

t.test('when a service ran stably before it crashed, then the streak starts again at 1 s', async (t) => {
  t.same(nextRestart(6, DEFAULT_BACKOFF.stableMs), { crashes: 1, delayMs: 1_000 });
  t.same(nextRestart(6, DEFAULT_BACKOFF.stableMs - 1), { crashes: 7, delayMs: 30_000 }, 'a minute less a millisecond is not stable');
});

t.test('when a streak is very long, then the wait stays at the maximum', async (t) => {
  t.same(nextRestart(5_000, 0), { crashes: 5_001, delayMs: 30_000 });
});

t.test('when a policy is given, then its numbers count', async (t) => {
  const policy = { initialMs: 100, maxMs: 250, stableMs: 1_000 };
  t.same([1, 2, 3].map((n) => nextRestart(n - 1, 10, policy).delayMs), [100, 200, 250]);
  t.same(nextRestart(3, 1_000, policy), { crashes: 1, delayMs: 100 });
});
