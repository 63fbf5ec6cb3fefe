import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type ConsumerConfig,
  type ConsumerInfo,
  type ConsumerMessages,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { Registry } from 'prom-client';
import type { Envelope } from '@joo/contracts';
import type { Execution, Pool, QueryResult } from '@joo/db';
import type { Bus } from './connection.js';
import { recordDeadLetter } from './dead-letters.js';
import { parseEnvelope } from './envelope.js';
import { registerHandler } from './handlers.js';
import { Batches } from './batches.js';
import { handleBatchOnce, handleInOneTrip, handleOnce, type EventHandler, type InboxOutcome } from './inbox.js';
import { Lanes } from './lanes.js';
import { errorText, type BusLogger } from './log.js';
import { busMetrics, type BusMetrics } from './metrics.js';
import { assertConsumerName, assertSource } from './names.js';
import { markSpanFailed, startEventSpan, withEventSpan, withinEventSpan } from './trace.js';
import { backoffMs, Wakeup } from './wakeup.js';

export interface ConsumerOptions {
  pool: Pool;
  bus: Bus;
  /** The consuming service, e.g. 'notifications'; also the durable consumer's name. */
  consumer: string;
  /** The publishing service whose stream is read. */
  source: string;
  /** Event types to handle; others are acked unseen. Default: every type of the stream. */
  types?: string[];
  handle: EventHandler;
  /** Deliveries before an event goes to dead_letters. */
  maxDeliver?: number;
  /** Delay before redelivery after the n-th failed attempt (ms). Default 1 s doubling to 60 s. */
  nakDelayMs?: (attempt: number) => number;
  /** How long the server waits for an ack before redelivering (ms). */
  ackWaitMs?: number;
  /** Messages pulled ahead of processing. */
  prefetch?: number;
  /**
   * Events handled at once (default 1). Events of one subject (aggregate) are still handled one
   * after another in stream order; each has its own transaction and inbox row as before.
   */
  concurrency?: number;
  /**
   * Events handled in one transaction at most (default 1: each its own). Above 1, events that
   * queued while the handlers were busy share one inbox statement and one commit, which is most of
   * their cost when a handler is a statement or two; an event that finds an idle handler still goes
   * alone at once. When one handler of a batch throws, the batch is rolled back and its events are
   * handled one by one, so only the failing one is retried. Only for handlers whose effects are all
   * in the transaction: the others run again.
   */
  batchSize?: number;
  /**
   * With `batchSize` above 1: how long a batch waits after its first event for more to join it (ms;
   * default 0, so an event that finds an idle handler goes at once). For a consumer off the path a
   * user waits on, where a few ms of delay buy fewer transactions when events arrive one by one.
   */
  lingerMs?: number;
  /**
   * The handler as one SQL statement fixed by the event (values quoted with `literal`; it may read
   * what it needs beforehand, outside the transaction), or null when the event needs nothing: with
   * `batchSize` above 1, a batch (or a lone event) then costs one round trip — BEGIN, its inbox
   * rows, these statements and COMMIT in one message. Should that fail (a duplicate among them, or
   * any error), `handle` takes over as without it, so the two must have the same effect: write
   * `handle` as running `statementOf(event)`.
   */
  statementOf?: (event: Envelope) => string | Execution | null | Promise<string | Execution | null>;
  /** After a one-trip batch committed: each event's statement result (what `handle` would have read). */
  onStatementResult?: (event: Envelope, result: QueryResult) => void;
  /**
   * Runs after a handler's transaction committed (not for duplicates or failures): the place to
   * wake this process's outbox relay for events the handler enqueued, instead of a NOTIFY inside
   * the transaction (ADR 0003).
   */
  afterCommit?: (event: Envelope) => void;
  log: BusLogger;
  registry?: Registry;
}

export interface ConsumerHandle {
  /** Finishes the message in hand, stops pulling, and leaves the rest to be redelivered. */
  stop(): Promise<void>;
}

const defaultNakDelay = (attempt: number) => Math.min(60_000, 1000 * 2 ** (attempt - 1));

/**
 * A durable pull consumer `<consumer>` on the stream of `source`. Each event is handled in one
 * transaction with its inbox row (exactly-once effects over at-least-once delivery), then acked.
 * A failed attempt is rolled back and nak'd with a growing delay; the maxDeliver-th failure is
 * written to dead_letters and terminated. The server's own max_deliver stays unlimited so that a
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
  const stream = bus.streamName(source);
  // nats-server 2.9 accepts a single filter_subject only: with several types, filter here.
  const filter = types?.size === 1 ? bus.subjectOf([...types][0]!) : `${bus.prefix}joo.${source}.>`;
  await bus.openStream(source);
  const info = await ensureDurable(bus, stream, consumer, filter, options.ackWaitMs ?? 30_000);

  const metrics = busMetrics(options.registry);
  const labels = { consumer, source };
  metrics.consumerLag.set(labels, info.num_pending);
  const processor: Processor = {
    ...options,
    types,
    labels,
    metrics,
    maxDeliver: options.maxDeliver ?? 5,
    nakDelayMs: options.nakDelayMs ?? defaultNakDelay,
  };

  // consume() would wait for two missed heartbeats (up to a minute) before noticing a deleted
  // consumer; closing the iterator sends the loop below through its restart, which recreates it.
  // The inbox absorbs the history a recreated consumer redelivers (deliver policy all).
  const recreate = () => {
    void messages.close();
  };
  const pull = async (): Promise<ConsumerMessages> => {
    const messages = await (await bus.js.consumers.get(stream, consumer)).consume({
      max_messages: options.prefetch ?? 32,
    });
    void watchStatus(messages, log, labels, recreate);
    return messages;
  };
  let messages = await pull();
  let stopping = false;
  const wakeup = new Wakeup();
  const lanes = dispatcher(processor, options, () => stopping);
  const dispatch = (m: JsMsg) => lanes.run(m, readMessage(m));
  // consume() rides out reconnects by itself; this outer loop restarts it (re-creating the
  // durable consumer) when the iterator fails or was closed because the consumer vanished.
  const loop = (async () => {
    let failures = 0;
    for (;;) {
      try {
        for await (const m of messages) {
          if (stopping) m.nak();
          else await dispatch(m);
          failures = 0;
        }
        await lanes.idle();
        if (stopping) return;
        throw new Error('message iterator ended (consumer deleted?)');
      } catch (error) {
        await lanes.idle();
        if (stopping) return;
        failures += 1;
        const retryInMs = backoffMs(failures, 500, 30_000);
        log.error({ ...labels, err: errorText(error), retryInMs }, 'consumer failed; restarting');
        await wakeup.wait(retryInMs);
        if (stopping) return;
        try {
          await ensureDurable(bus, stream, consumer, filter, options.ackWaitMs ?? 30_000);
          messages = await pull();
          if (stopping) await messages.close();
        } catch (restartError) {
          log.error({ ...labels, err: errorText(restartError) }, 'consumer restart failed');
        }
      }
    }
  })();
  log.info({ ...labels, filter }, 'consumer started');
  // Dead letters of this consumer are replayed through this handler while it runs.
  const unregister = registerHandler(consumer, source, options.handle);

  let stopped: Promise<void> | null = null;
  return {
    stop() {
      stopped ??= (async () => {
        stopping = true;
        unregister();
        wakeup.close();
        await messages.close();
        await loop;
        log.info(labels, 'consumer stopped');
      })();
      return stopped;
    },
  };
}

interface Processor extends Required<Pick<ConsumerOptions, 'maxDeliver' | 'nakDelayMs'>> {
  pool: Pool;
  statementOf?: ((event: Envelope) => string | Execution | null | Promise<string | Execution | null>) | undefined;
  onStatementResult?: ((event: Envelope, result: QueryResult) => void) | undefined;
  afterCommit?: ((event: Envelope) => void) | undefined;
  consumer: string;
  handle: EventHandler;
  log: BusLogger;
  types: Set<string> | null;
  labels: { consumer: string; source: string };
  metrics: BusMetrics;
}

type Read = { event: Envelope } | { error: unknown };
interface Pulled { m: JsMsg; read: Read }

/** The event's aggregate key, or the message's own for one that is not an event. */
const laneOf = ({ m, read }: Pulled) => ('event' in read ? `s:${read.event.subject}` : `q:${m.seq}`);

/**
 * Runs pulled messages one transaction each on lanes, or in batches; either way one aggregate's
 * events in order. `run` resolves once there is room for the next message.
 */
function dispatcher(p: Processor, options: ConsumerOptions, stopping: () => boolean): { run(m: JsMsg, read: Read): Promise<void>; idle(): Promise<void> } {
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

/**
 * Events of `batch` this consumer handles go through one transaction (in one round trip with
 * statementOf, a lone event too); the rest (not envelopes, types it skips) and a lone event
 * without statementOf take the one-by-one path. A failed batch falls back to it too.
 */
async function processBatch(p: Processor, batch: Pulled[]): Promise<void> {
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

type Handled = Array<{ m: JsMsg; read: { event: Envelope } }>;

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

/** The message as an envelope, or why it is not one (it is dead-lettered when processed). */
function readMessage(m: JsMsg): Read {
  try {
    return { event: parseEnvelope(m.string(), m.headers?.get('traceparent') || undefined) };
  } catch (error) {
    return { error };
  }
}

async function processMessage(p: Processor, m: JsMsg, read: Read): Promise<void> {
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
      p.metrics.consumerProcessed.inc({ ...p.labels, outcome });
      if (outcome === 'processed') runAfterCommit(p, event);
    } catch (error) {
      markSpanFailed(span, error);
      p.metrics.consumerFailed.inc(p.labels);
      await afterFailure(p, m, { eventId: event.id, eventType: event.type, envelope: event }, error);
    }
  });
}

/** The hook's failure is logged, never taken for the handler's: the event is committed and acked. */
function runAfterCommit(p: Processor, event: Envelope): void {
  try {
    p.afterCommit?.(event);
  } catch (error) {
    p.log.warn({ ...p.labels, eventId: event.id, err: errorText(error) }, 'afterCommit hook failed');
  }
}

/** After a failed attempt: nak for a later retry, or dead-letter once the attempts are used up. */
async function afterFailure(
  p: Processor,
  m: JsMsg,
  what: { eventId: string; eventType: string | null; envelope: Envelope | { raw: string } },
  error: unknown,
): Promise<void> {
  const attempt = m.info.deliveryCount;
  const poison = what.eventType === null;
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
  m.term(`dead-lettered by ${p.consumer}`);
  p.metrics.deadLetters.inc(p.labels);
  p.log.error(context, poison ? 'message is not an event envelope; dead-lettered' : 'event dead-lettered');
}

async function ensureDurable(
  bus: Bus,
  stream: string,
  name: string,
  filter: string,
  ackWaitMs: number,
): Promise<ConsumerInfo> {
  const wanted: Partial<ConsumerConfig> = {
    durable_name: name,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(ackWaitMs),
    deliver_policy: DeliverPolicy.All,
    max_deliver: -1,
    filter_subject: filter,
  };
  let info: ConsumerInfo;
  try {
    info = await bus.jsm.consumers.info(stream, name);
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.ConsumerNotFound)) throw error;
    return bus.jsm.consumers.add(stream, wanted);
  }
  const c = info.config;
  if (c.filter_subject === filter && c.ack_wait === wanted.ack_wait && c.max_deliver === -1) return info;
  return bus.jsm.consumers.update(stream, name, {
    filter_subject: filter,
    ack_wait: wanted.ack_wait!,
    max_deliver: -1,
  });
}

async function watchStatus(
  messages: ConsumerMessages,
  log: BusLogger,
  labels: object,
  recreate: () => void,
): Promise<void> {
  for await (const s of messages.status()) {
    if (s.type === 'consumer_deleted' || s.type === 'consumer_not_found') {
      log.error({ ...labels, status: s }, 'durable consumer is gone; recreating');
      recreate();
    } else if (s.type === 'stream_not_found') {
      log.error({ ...labels, status: s }, 'the stream is gone; waiting for its publisher to recreate it');
    } else if (s.type === 'heartbeats_missed') {
      log.warn({ ...labels, status: s }, 'consumer missed heartbeats');
    }
  }
}
