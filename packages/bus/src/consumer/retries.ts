import type { JsMsg } from '@nats-io/jetstream';
import type { Envelope } from '@joo/contracts';
import { recordDeadLetter } from '../dead-letters.js';
import { errorText } from '../log.js';
import type { Processor } from './processor.js';
import { messageAgeMs, waitReason } from './waits.js';

/** Redelivery delay after the n-th failed attempt: 1 s doubling to 60 s. */
export const defaultNakDelay = (attempt: number) => Math.min(60_000, 1000 * 2 ** (attempt - 1));

/**
 * After a failed attempt: nak for a later retry, or dead-letter once the attempts are used up.
 * Decided here, not by the server's max_deliver (kept unlimited), so that a process dying
 * mid-handler cannot make the server drop an event that never reached dead_letters. An attempt
 * that only has to wait (waits.ts) is nak'd without counting, until the message is maxWaitMs old.
 */
export async function afterFailure(
  p: Processor,
  m: JsMsg,
  what: { eventId: string; eventType: string | null; envelope: Envelope | { raw: string } },
  error: unknown,
): Promise<void> {
  const poison = what.eventType === null;
  const waiting = poison ? null : waitReason(error);
  if (waiting && messageAgeMs(m) < p.maxWaitMs) {
    const delay = p.nakDelayMs(p.waits.record(m));
    p.metrics.consumerWaits.inc({ ...p.labels, reason: waiting });
    p.log.info({ ...p.labels, eventId: what.eventId, eventType: what.eventType, reason: waiting, err: errorText(error), retryInMs: delay }, 'event waits; will retry');
    m.nak(delay);
    return;
  }
  // Counted here, after the waits: the consumer-failing alert is about handlers that fail.
  if (!poison) p.metrics.consumerFailed.inc(p.labels);
  const attempt = p.waits.failedAttempts(m);
  const context = { ...p.labels, eventId: what.eventId, eventType: what.eventType, attempt, err: errorText(error) };
  if (!poison && attempt < p.maxDeliver) {
    const delay = p.nakDelayMs(attempt);
    p.log.warn({ ...context, retryInMs: delay }, 'event handler failed; will retry');
    m.nak(delay);
    return;
  }
  try {
    await recordDeadLetter(p.pool, { consumer: p.consumer, ...what, error, attempts: attempt });
  } catch (dlError) {
    // Keep the event in the stream rather than lose it: it comes back and is tried again.
    p.log.error({ ...context, dlErr: errorText(dlError) }, 'could not write the dead letter; will retry');
    m.nak(p.nakDelayMs(attempt));
    return;
  }
  // A plain +TERM: nats-server 2.9 does not parse `+TERM <reason>` and would redeliver the message
  // every ack wait for ever. The reason is in the dead letter and the log.
  m.term();
  p.waits.forget(m);
  p.metrics.deadLetters.inc(p.labels);
  p.log.error(context, poison ? 'message is not an event envelope; dead-lettered' : 'event dead-lettered');
}
