import type { JsMsg } from '@nats-io/jetstream';
import { Batches } from '../batches.js';
import { Lanes } from '../lanes.js';
import { processBatch } from './batch.js';
import { processMessage } from './one-event.js';
import type { ConsumerOptions } from './options.js';
import type { Processor, Pulled, Read } from './processor.js';

export interface Dispatcher {
  /** Resolves once there is room for the next message. */
  run(m: JsMsg, read: Read): Promise<void>;
  /** Resolves when every message given so far is settled. */
  idle(): Promise<void>;
}

/** The event's aggregate key, or the message's own for one that is not an event. */
const laneOf = ({ m, read }: Pulled) => ('event' in read ? `s:${read.event.subject}` : `q:${m.seq}`);

/**
 * Runs pulled messages one transaction each on lanes, or in batches; either way one aggregate's
 * events in order.
 */
export function dispatcher(
  p: Processor,
  options: Pick<ConsumerOptions, 'concurrency' | 'batchSize' | 'prefetch' | 'lingerMs'>,
  stopping: () => boolean,
): Dispatcher {
  const concurrency = options.concurrency ?? 1;
  const batchSize = options.batchSize ?? 1;
  if (batchSize === 1) {
    const lanes = new Lanes(concurrency);
    return {
      run: (m, read) => lanes.run(laneOf({ m, read }), async () => {
        // Pulled but not started: hand it back now rather than after ack_wait.
        if (stopping()) m.nak();
        else await processMessage(p, m, read);
      }),
      idle: () => lanes.idle(),
    };
  }
  const batches = new Batches<Pulled>({
    workers: concurrency, maxBatch: batchSize, maxQueued: options.prefetch ?? 32, keyOf: laneOf,
    ...(options.lingerMs ? { lingerMs: options.lingerMs } : {}),
    run: async (batch) => {
      if (stopping()) for (const { m } of batch) m.nak();
      else await processBatch(p, batch);
    },
  });
  return { run: (m, read) => batches.push({ m, read }), idle: () => batches.idle() };
}
