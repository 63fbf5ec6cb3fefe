// Types for tests/start/backoff.test.ts; the implementation is plain JavaScript (see start.mjs).
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  stableMs: number;
}
export const DEFAULT_BACKOFF: Readonly<BackoffPolicy>;
export function nextRestart(crashesInARow: number, uptimeMs: number, policy?: BackoffPolicy): { crashes: number; delayMs: number };
