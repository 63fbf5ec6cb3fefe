import type { JsMsg } from '@nats-io/jetstream';
import { handleOnce } from '../inbox.js';
import { errorText } from '../log.js';
import { markSpanFailed, withEventSpan } from '../trace.js';
import { afterFailure } from './retries.js';
import { runAfterCommit, type Processor, type Read } from './processor.js';

/**
 * Handles one message in its own inbox transaction and settles it: acked when handled (or skipped,
 * or a duplicate), nak'd or dead-lettered when not. Never rejects.
 */
export async function processMessage(p: Processor, m: JsMsg, read: Read): Promise<void> {
  try {
    await processOne(p, m, read);
  } catch (error) {
    // Only ack/nak/term on a closing connection get here; the message is redelivered after ack_wait.
    p.log.error({ ...p.labels, seq: m.seq, err: errorText(error) }, 'could not settle a message');
  }
}

async function processOne(p: Processor, m: JsMsg, read: Read): Promise<void> {
  p.metrics.consumerLag.set(p.labels, m.info.pending);
  if ('error' in read) {
    await afterFailure(p, m, { eventId: `${m.info.stream}:${m.seq}`, eventType: null, envelope: { raw: m.string() } }, read.error);
    return;
  }
  const { event } = read;
  if (p.types && !p.types.has(event.type)) {
    m.ack();
    p.metrics.consumerProcessed.inc({ ...p.labels, outcome: 'skipped' });
    return;
  }
  await withEventSpan(`${p.consumer} process ${event.type}`, event, { 'joo.consumer': p.consumer }, async (span) => {
    try {
      const outcome = await handleOnce(p.pool, p.consumer, event, p.handle);
      m.ack();
      p.waits.forget(m);
      p.metrics.consumerProcessed.inc({ ...p.labels, outcome });
      if (outcome === 'processed') runAfterCommit(p, event);
    } catch (error) {
      markSpanFailed(span, error);
      await afterFailure(p, m, { eventId: event.id, eventType: event.type, envelope: event }, error);
    }
  });
}
