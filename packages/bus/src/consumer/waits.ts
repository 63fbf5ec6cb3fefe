import type { JsMsg } from '@nats-io/jetstream';
import { isDatabaseUnavailable } from '@joo/db';
import { EventNotReadyError } from '../errors.js';

/** Why an attempt waits rather than fails: its event needs another first, or the database is away. */
export function waitReason(error: unknown): 'not-ready' | 'database-unavailable' | null {
  if (error instanceof EventNotReadyError) return 'not-ready';
  return isDatabaseUnavailable(error) ? 'database-unavailable' : null;
}

/** How long ago the stream stored the message (ms). */
export function messageAgeMs(m: JsMsg, now = Date.now()): number {
  return now - m.time.getTime();
}

// Stale entries (a message settled by another replica) are harmless; the cap bounds them.
const MAX_TRACKED = 10_000;

/**
 * The deliveries of each message that waited, so that they are not counted as failed attempts: the
 * server's delivery count includes them. Kept in memory: after a restart a message that waited
 * before counts those deliveries again, so it can reach the dead-letter limit sooner, never later.
 */
export class Waits {
  readonly #bySeq = new Map<number, number>();

  /** Counts one more wait of `m`; returns how many it has had. */
  record(m: JsMsg): number {
    const waits = (this.#bySeq.get(m.seq) ?? 0) + 1;
    this.#bySeq.delete(m.seq);
    this.#bySeq.set(m.seq, waits);
    if (this.#bySeq.size > MAX_TRACKED) this.#bySeq.delete(this.#bySeq.keys().next().value!);
    return waits;
  }

  /** The failed attempts of `m` so far, this one included. */
  failedAttempts(m: JsMsg): number {
    return Math.max(1, m.info.deliveryCount - (this.#bySeq.get(m.seq) ?? 0));
  }

  forget(m: JsMsg): void {
    this.#bySeq.delete(m.seq);
  }
}
