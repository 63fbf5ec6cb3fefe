/**
 * Waiting for what happens after the call that caused it: consumers, relays, workers and other
 * processes act on their own time, so a test asks again until the answer comes or the time is up.
 * The one polling loop of the tests; a time-out says what was awaited and what the last try saw.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { inspect } from 'node:util';

/** What `eventually` resolves with: the check's value, never a falsy one. */
export type Truthy<T> = Exclude<T, false | 0 | 0n | '' | null | undefined>;

export interface EventuallyOptions {
  /** Give up after this long; default 10 000 ms (generous: CI runs many test files at once). */
  timeoutMs?: number;
  /** Pause between two tries; default 50 ms. */
  intervalMs?: number;
  /** What is awaited, for the error; a function is asked at the time-out, to describe the state then. */
  message?: string | (() => string);
}

type LastTry = { threw: false; value: unknown } | { threw: true; error: unknown };

/**
 * Calls `check` until it returns (or resolves to) a truthy value and resolves with that value. A
 * check that throws is tried again; when the time is up, the error names the last value or failure.
 */
export async function eventually<T>(check: () => Promise<T> | T, options: EventuallyOptions = {}): Promise<Truthy<T>> {
  const { timeoutMs = 10_000, intervalMs = 50 } = options;
  const started = Date.now();
  for (;;) {
    let last: LastTry;
    try {
      const value = await check();
      if (value) return value as Truthy<T>;
      last = { threw: false, value };
    } catch (error) {
      last = { threw: true, error };
    }
    const left = started + timeoutMs - Date.now();
    if (left <= 0) throw timedOut(options.message, timeoutMs, last);
    await sleep(Math.min(intervalMs, left));
  }
}

function timedOut(message: EventuallyOptions['message'], timeoutMs: number, last: LastTry): Error {
  const what = typeof message === 'function' ? message() : message ?? 'the condition';
  const seen = last.threw
    ? `the last try threw ${last.error instanceof Error ? last.error.message : inspect(last.error)}`
    : `the last try returned ${inspect(last.value, { depth: 4, breakLength: Infinity })}`;
  return new Error(`not within ${timeoutMs} ms: ${what}; ${seen}`, last.threw ? { cause: last.error } : undefined);
}
