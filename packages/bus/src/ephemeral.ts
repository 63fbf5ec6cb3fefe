import { DeliverPolicy, type ConsumerMessages, type OrderedConsumerOptions } from '@nats-io/jetstream';
import type { Envelope } from '@joo/contracts';
import type { Bus } from './connection.js';
import { parseEnvelope } from './envelope.js';
import { errorText, type BusLogger } from './log.js';
import { assertSource } from './names.js';
import { markSpanFailed, withEventSpan } from './trace.js';
import type { ConsumerHandle } from './consumer.js';

export interface EphemeralConsumerOptions {
  bus: Bus;
  source: string;
  /** Event types to handle; default every type of the stream. */
  types?: string[];
  handle: (event: Envelope) => Promise<void>;
  /** Where to start: the whole stream ('all', default), only new events, or from an instant. */
  deliverFrom?: 'all' | 'new' | Date;
  /** Names the span and log lines. */
  name?: string;
  log: BusLogger;
}

/**
 * For a process without a database (the gateway): an ordered consumer that keeps in-memory state
 * from a stream. Nothing is stored on the server or acked; after a restart the process rebuilds
 * from `deliverFrom`. A handler error is logged and the event skipped, so handlers must be cheap
 * and idempotent (they see the replayed history on every start).
 */
export async function startEphemeralConsumer(options: EphemeralConsumerOptions): Promise<ConsumerHandle> {
  const { bus, source, log } = options;
  assertSource(source);
  const name = options.name ?? 'ephemeral';
  const types = options.types && options.types.length > 0 ? new Set(options.types) : null;
  const stream = bus.streamName(source);
  await bus.openStream(source);

  const from = options.deliverFrom ?? 'all';
  const ordered: Partial<OrderedConsumerOptions> = {
    filter_subjects: types?.size === 1 ? bus.subjectOf([...types][0]!) : `${bus.prefix}joo.${source}.>`,
    ...(from === 'all'
      ? { deliver_policy: DeliverPolicy.All }
      : from === 'new'
        ? { deliver_policy: DeliverPolicy.New }
        : { deliver_policy: DeliverPolicy.StartTime, opt_start_time: from.toISOString() }),
  };
  const messages: ConsumerMessages = await (await bus.js.consumers.get(stream, ordered)).consume();
  const loop = (async () => {
    for await (const m of messages) {
      let event: Envelope;
      try {
        event = parseEnvelope(m.string(), m.headers?.get('traceparent') || undefined);
      } catch (error) {
        log.error({ source, consumer: name, seq: m.seq, err: errorText(error) }, 'skipped a message that is not an envelope');
        continue;
      }
      if (types && !types.has(event.type)) continue;
      await withEventSpan(`${name} process ${event.type}`, event, { 'joo.consumer': name }, async (span) => {
        try {
          await options.handle(event);
        } catch (error) {
          markSpanFailed(span, error);
          log.error({ source, consumer: name, eventId: event.id, err: errorText(error) }, 'ephemeral handler failed; skipped');
        }
      });
    }
  })().catch((error: unknown) => {
    // Ordered consumers recreate themselves on gaps and reconnects; reaching here means they gave up.
    log.error({ source, consumer: name, err: errorText(error) }, 'ephemeral consumer stopped unexpectedly');
  });

  let stopped: Promise<void> | null = null;
  return {
    stop() {
      stopped ??= (async () => {
        await messages.close();
        await loop;
      })();
      return stopped;
    },
  };
}
