/**
 * JetStream calls made while a service starts (create or open a stream, create a durable) are
 * retried while the server is settling: just restarted, or, clustered, electing the leader of a
 * stream after a node died. Those answers (a request timeout, no responders, 503 "temporarily
 * unavailable") pass within seconds; a replica that exited on them instead was seen in the chaos
 * suite (tests/chaos) and only came back through its supervisor's restart.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** True for the answers of a JetStream that is starting or electing leaders, not of a wrong request. */
export function isJetStreamSettling(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError' || error.name === 'NoRespondersError') return true;
  if (error.name === 'RequestError') return isJetStreamSettling(error.cause);
  // JetStreamApiError: 503 "JetStream system temporarily unavailable" (10008), e.g. no meta leader yet
  return error.name === 'JetStreamApiError' && (error as Error & { status?: number }).status === 503;
}

export interface SettlingOptions {
  /** Give up (throw the last error) after this long; default 60 s. */
  timeoutMs?: number;
  /** First pause, doubled each time up to 2 s; default 250 ms. */
  firstPauseMs?: number;
  /** Told about each retry. */
  onRetry?: (error: Error, attempt: number) => void;
}

export async function whileSettling<T>(call: () => Promise<T>, options: SettlingOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let pause = options.firstPauseMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isJetStreamSettling(error) || Date.now() + pause > deadline) throw error;
      options.onRetry?.(error as Error, attempt);
      await sleep(pause);
      pause = Math.min(pause * 2, 2000);
    }
  }
}
