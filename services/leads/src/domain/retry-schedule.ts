/**
 * When a webhook delivery is tried again after a failure (non-2xx or timeout). The schedule is the
 * one Standard Webhooks providers use: quick retries for a blip, then longer gaps that cover an
 * outage of about a day. Attempt 1 goes at once; after the last attempt the delivery is failed.
 */
export const RETRY_DELAYS_MS: readonly number[] = [
  5_000, // attempt 2: 5 s after the first
  5 * 60_000, // 3: 5 min
  30 * 60_000, // 4: 30 min
  2 * 3_600_000, // 5: 2 h
  5 * 3_600_000, // 6: 5 h
  10 * 3_600_000, // 7: 10 h
  10 * 3_600_000, // 8: 10 h — the last, about 27.6 h after the first
];

export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** Spread of each delay (±10 %), so deliveries that failed together are not retried together. */
export const JITTER = 0.1;

/**
 * The delay before the next attempt after `attemptsMade` failed attempts, or null when none is
 * left. `random` in [0, 1): 0.5 gives the nominal delay.
 */
export function retryDelayMs(attemptsMade: number, random: number = Math.random()): number | null {
  if (!Number.isInteger(attemptsMade) || attemptsMade < 1 || attemptsMade >= MAX_ATTEMPTS) return null;
  const nominal = RETRY_DELAYS_MS[attemptsMade - 1]!;
  const r = Math.min(Math.max(random, 0), 1);
  return Math.round(nominal * (1 + JITTER * (2 * r - 1)));
}

/** The nominal gaps, for documentation and the admin view. */
export function nominalSchedule(): Array<{ attempt: number; afterFirstMs: number }> {
  let total = 0;
  return [{ attempt: 1, afterFirstMs: 0 }, ...RETRY_DELAYS_MS.map((d, i) => ({ attempt: i + 2, afterFirstMs: (total += d) }))];
}
