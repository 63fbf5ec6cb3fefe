// When to restart a crashed service: the rule of a Kubernetes CrashLoopBackOff, scaled for a
// laptop. Pure, so tests/start/backoff.test.ts can pin it down without starting anything.

/** 1 s after the first crash, doubling up to 30 s; a run of a minute counts as healthy again. */
export const DEFAULT_BACKOFF = Object.freeze({ initialMs: 1_000, maxMs: 30_000, stableMs: 60_000 });

/**
 * crashesInARow: crashes since the service last ran stably (0 before the first); uptimeMs: how
 * long the process that just ended ran. A run of at least stableMs resets the count, so a service
 * that crashes once a day is always restarted after initialMs, not after maxMs.
 */
export function nextRestart(crashesInARow, uptimeMs, policy = DEFAULT_BACKOFF) {
  const crashes = uptimeMs >= policy.stableMs ? 1 : crashesInARow + 1;
  const delayMs = Math.min(policy.maxMs, policy.initialMs * 2 ** (crashes - 1));
  return { crashes, delayMs };
}
