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
import type { Bus } from '../connection.js';
import { errorText, type BusLogger } from '../log.js';
import { backoffMs, Wakeup } from '../wakeup.js';

/**
 * How long one pull request lives on the server. A clustered consumer whose leader moves (a NATS
 * node lost) forgets the pull requests it held; the client notices two missed idle heartbeats
 * (half of this each) and pulls again. At the client's default of 30 s, catalog heard nothing of
 * billing for up to 30 s after a node died (paid orders without their entitlement meanwhile).
 */
const PULL_EXPIRES_MS = 10_000;

/** The durable pull consumer `name` on `stream`, and how its messages are pulled. */
export interface Durable {
  bus: Bus;
  stream: string;
  name: string;
  filter: string;
  ackWaitMs: number;
  prefetch: number;
  log: BusLogger;
  labels: object;
}

/** Where pulled messages go: `run` resolves once there is room for the next, `idle` once all are settled. */
export interface MessageSink {
  run(m: JsMsg): Promise<void>;
  idle(): Promise<void>;
}

/**
 * Creates the durable consumer, or brings an existing one to the wanted filter and ack wait. The
 * server's max_deliver stays unlimited: dead letters are decided in code (retries.ts).
 */
export async function ensureDurable(d: Durable): Promise<ConsumerInfo> {
  const { bus, stream, name, filter } = d;
  const wanted: Partial<ConsumerConfig> = {
    durable_name: name,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(d.ackWaitMs),
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

/**
 * Pulls the durable consumer's messages into `sink` until stopped. consume() rides out reconnects
 * by itself; the loop here restarts it (re-creating the durable consumer) when the iterator fails
 * or was closed because the consumer vanished. Once `stopping()`, messages still arriving are
 * handed back. `stop()` is for after `stopping()` turned true.
 */
export async function consumeDurable(d: Durable, sink: MessageSink, stopping: () => boolean): Promise<{ stop(): Promise<void> }> {
  const { log, labels } = d;
  // consume() would wait for two missed heartbeats (up to a minute) before noticing a deleted
  // consumer; closing the iterator sends the loop below through its restart, which recreates it.
  // The inbox absorbs the history a recreated consumer redelivers (deliver policy all).
  const recreate = () => {
    void messages.close();
  };
  const pull = async (): Promise<ConsumerMessages> => {
    const messages = await (await d.bus.js.consumers.get(d.stream, d.name)).consume({ max_messages: d.prefetch, expires: PULL_EXPIRES_MS });
    void watchStatus(messages, log, labels, recreate);
    return messages;
  };
  let messages = await pull();
  const wakeup = new Wakeup();
  const loop = (async () => {
    let failures = 0;
    for (;;) {
      try {
        for await (const m of messages) {
          if (stopping()) m.nak();
          else await sink.run(m);
          failures = 0;
        }
        await sink.idle();
        if (stopping()) return;
        throw new Error('message iterator ended (consumer deleted?)');
      } catch (error) {
        await sink.idle();
        if (stopping()) return;
        failures += 1;
        const retryInMs = backoffMs(failures, 500, 30_000);
        log.error({ ...labels, err: errorText(error), retryInMs }, 'consumer failed; restarting');
        await wakeup.wait(retryInMs);
        if (stopping()) return;
        try {
          await ensureDurable(d);
          messages = await pull();
          if (stopping()) await messages.close();
        } catch (restartError) {
          log.error({ ...labels, err: errorText(restartError) }, 'consumer restart failed');
        }
      }
    }
  })();
  return {
    async stop() {
      wakeup.close();
      await messages.close();
      await loop;
    },
  };
}

/** Logs the pull's status changes, and recreates a durable consumer that was deleted. */
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
