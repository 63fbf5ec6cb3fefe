/**
 * Retries on 503 (the service is starting, draining or overloaded) and 429 (rate limited): both
 * say the request was not processed. Waits what `Retry-After` asks for, else an exponential back-off
 * with jitter; gives up (returns the answer as it is) when the server asks for a longer wait than
 * `maxDelayMs` or the attempts run out.
 */
import { discard, type Transport } from './transport.js';

export interface RetryOptions {
  /** retries after the first attempt (default 3) */
  retries?: number;
  /** first back-off when the server gives no Retry-After (default 200 ms), doubled each time */
  baseDelayMs?: number;
  /** the longest wait; a longer Retry-After ends the retries (default 10 s) */
  maxDelayMs?: number;
  /** default [429, 503] */
  statuses?: number[];
  /** for tests: [0, 1) */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULTS = { retries: 3, baseDelayMs: 200, maxDelayMs: 10_000, statuses: [429, 503] };

/** `Retry-After` in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** How long to wait before retry number `attempt` (0-based); null: do not retry. */
export function retryDelayMs(response: Response, attempt: number, options: RetryOptions = {}): number | null {
  const { baseDelayMs, maxDelayMs } = { ...DEFAULTS, ...options };
  const asked = retryAfterMs(response.headers.get('retry-after'));
  if (asked !== undefined) return asked <= maxDelayMs ? asked : null;
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  // Half fixed, half random: callers that failed together do not come back together.
  return Math.round(ceiling / 2 + (options.random ?? Math.random)() * (ceiling / 2));
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function withRetries(next: Transport, options: RetryOptions = {}): Transport {
  const { retries, statuses } = { ...DEFAULTS, ...options };
  const sleep = options.sleep ?? realSleep;
  return async (request) => {
    for (let attempt = 0; ; attempt++) {
      const response = await next(request.clone());
      if (!statuses.includes(response.status) || attempt >= retries) return response;
      const delay = retryDelayMs(response, attempt, options);
      if (delay === null) return response;
      await discard(response);
      await sleep(delay);
    }
  };
}
