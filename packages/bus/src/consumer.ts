import { registerHandler } from './handlers.js';
import { busMetrics } from './metrics.js';
import { assertConsumerName, assertSource } from './names.js';
import { dispatcher } from './consumer/dispatch.js';
import { consumeDurable, ensureDurable, type Durable } from './consumer/durable.js';
import type { ConsumerHandle, ConsumerOptions } from './consumer/options.js';
import { readMessage, type Processor } from './consumer/processor.js';
import { defaultNakDelay } from './consumer/retries.js';
import { Waits } from './consumer/waits.js';
import { whileSettling } from './settling.js';

export type { ConsumerHandle, ConsumerOptions } from './consumer/options.js';

/**
 * A durable pull consumer `<consumer>` on the stream of `source`. Each event is handled in one
 * transaction with its inbox row (exactly-once effects over at-least-once delivery), then acked.
 * A failed attempt is rolled back and nak'd with a growing delay; the maxDeliver-th failure is
 * written to dead_letters and terminated; an event that must wait (EventNotReadyError, the database
 * unavailable) is nak'd without counting an attempt (consumer/waits.ts). The server's own max_deliver stays unlimited so that a
 * process dying mid-handler cannot make the server drop an event that never reached dead_letters.
 */
export async function startConsumer(options: ConsumerOptions): Promise<ConsumerHandle> {
  const { bus, consumer, source, log } = options;
  assertSource(source);
  assertConsumerName(consumer);
  const types = options.types && options.types.length > 0 ? new Set(options.types) : null;
  for (const type of types ?? []) {
    if (!type.startsWith(`${source}.`)) throw new Error(`${type} is not published by ${source}`);
  }
  const labels = { consumer, source };
  const durable: Durable = {
    bus,
    stream: bus.streamName(source),
    name: consumer,
    // nats-server 2.9 accepts a single filter_subject only: with several types, filter here.
    filter: types?.size === 1 ? bus.subjectOf([...types][0]!) : `${bus.prefix}joo.${source}.>`,
    ackWaitMs: options.ackWaitMs ?? 30_000,
    prefetch: options.prefetch ?? 32,
    log,
    labels,
  };
  await bus.openStream(source);
  const info = await whileSettling(() => ensureDurable(durable));

  const metrics = busMetrics(options.registry);
  metrics.consumerLag.set(labels, info.num_pending);
  // At zero from the start: increase() and rate() cannot see the first event of a series that
  // appears at 1, so the first dead letter would never page (and the dashboards would show no data).
  metrics.deadLetters.inc(labels, 0);
  metrics.consumerFailed.inc(labels, 0);
  const processor: Processor = {
    ...options,
    types,
    labels,
    metrics,
    maxDeliver: options.maxDeliver ?? 5,
    nakDelayMs: options.nakDelayMs ?? defaultNakDelay,
    maxWaitMs: options.maxWaitMs ?? 60 * 60_000,
    waits: new Waits(),
  };

  let stopping = false;
  const lanes = dispatcher(processor, options, () => stopping);
  const feed = await consumeDurable(durable, { run: (m) => lanes.run(m, readMessage(m)), idle: () => lanes.idle() }, () => stopping);
  log.info({ ...labels, filter: durable.filter }, 'consumer started');
  // Dead letters of this consumer are replayed through this handler while it runs.
  const unregister = registerHandler(consumer, source, options.handle);

  let stopped: Promise<void> | null = null;
  return {
    stop() {
      stopped ??= (async () => {
        stopping = true;
        unregister();
        await feed.stop();
        log.info(labels, 'consumer stopped');
      })();
      return stopped;
    },
  };
}
