import type { JsMsg } from '@nats-io/jetstream';
import type { Envelope } from '@joo/contracts';
import { handleBatchOnce, handleInOneTrip, type InboxOutcome } from '../inbox.js';
import { errorText } from '../log.js';
import { markSpanFailed, startEventSpan, withEventSpan, withinEventSpan } from '../trace.js';
import { processMessage } from './one-event.js';
import { runAfterCommit, type Processor, type Pulled } from './processor.js';

type Handled = Array<{ m: JsMsg; read: { event: Envelope } }>;

/**
 * Events of `batch` this consumer handles go through one transaction (in one round trip with
 * statementOf, a lone event too); the rest (not envelopes, types it skips) and a lone event
 * without statementOf take the one-by-one path. A failed batch falls back to it too.
 */
export async function processBatch(p: Processor, batch: Pulled[]): Promise<void> {
  const handled: Handled = [];
  for (const x of batch) {
    if ('event' in x.read && (!p.types || p.types.has(x.read.event.type))) handled.push({ m: x.m, read: x.read });
    else await processMessage(p, x.m, x.read);
  }
  if (handled.length === 0) return;
  p.metrics.consumerLag.set(p.labels, handled.at(-1)!.m.info.pending);
  if (p.statementOf && await inOneTrip(p, handled)) return;
  if (handled.length === 1) {
    await processMessage(p, handled[0]!.m, handled[0]!.read);
    return;
  }
  let outcomes;
  try {
    outcomes = await handleBatchOnce(p.pool, p.consumer, handled.map((x) => x.read.event), (event, tx) =>
      withEventSpan(`${p.consumer} process ${event.type}`, event, { 'joo.consumer': p.consumer, 'joo.batch.size': handled.length }, async (span) => {
        try {
          await p.handle(event, tx);
        } catch (error) {
          markSpanFailed(span, error);
          throw error;
        }
      }));
  } catch (error) {
    p.log.warn({ ...p.labels, events: handled.length, err: errorText(error) }, 'a batch of events failed; handling them one by one');
    for (const x of handled) await processMessage(p, x.m, x.read);
    return;
  }
  settleBatch(p, handled, outcomes);
}

/** Acks a committed batch, counts it, and runs afterCommit for each event it processed. */
function settleBatch(p: Processor, handled: Handled, outcomes: readonly InboxOutcome[]): void {
  if (handled.length > 1) p.metrics.consumerBatch.observe(p.labels, handled.length);
  for (const [i, x] of handled.entries()) {
    try {
      x.m.ack();
    } catch (error) {
      p.log.error({ ...p.labels, seq: x.m.seq, err: errorText(error) }, 'could not settle a message');
    }
    p.metrics.consumerProcessed.inc({ ...p.labels, outcome: outcomes[i]! });
    if (outcomes[i] === 'processed') runAfterCommit(p, x.read.event);
  }
}

/**
 * The one-round-trip path (statementOf): true when the batch committed and was settled; false
 * when it failed and was rolled back, for the handler path to take it from the start.
 */
async function inOneTrip(p: Processor, handled: Handled): Promise<boolean> {
  const events = handled.map((x) => x.read.event);
  const spans = events.map((event) => startEventSpan(`${p.consumer} process ${event.type}`, event, { 'joo.consumer': p.consumer, 'joo.batch.size': events.length }));
  let results;
  try {
    // The one message's SQL span can have one parent: the first event's trace carries it.
    results = await withinEventSpan(spans[0]!, events[0]!, () => handleInOneTrip(p.pool, p.consumer, events, p.statementOf!));
  } catch (error) {
    for (const span of spans) {
      span.setAttribute('joo.one_trip_failed', errorText(error));
      span.end();
    }
    p.metrics.consumerOneTripFallbacks.inc(p.labels);
    p.log.debug({ ...p.labels, events: events.length, err: errorText(error) }, 'one-trip batch failed; handling it through the handler');
    return false;
  }
  for (const span of spans) span.end();
  for (const [i, result] of results.entries()) {
    if (!result || !p.onStatementResult) continue;
    try {
      p.onStatementResult(events[i]!, result);
    } catch (error) {
      p.log.warn({ ...p.labels, eventId: events[i]!.id, err: errorText(error) }, 'onStatementResult hook failed');
    }
  }
  settleBatch(p, handled, events.map(() => 'processed'));
  return true;
}
