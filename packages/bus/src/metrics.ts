import { Counter, Gauge, Histogram, register as defaultRegistry, type Registry } from 'prom-client';

export interface BusMetrics {
  outboxBacklog: Gauge<'source'>;
  outboxPublished: Counter<'source'>;
  outboxDuplicates: Counter<'source'>;
  consumerProcessed: Counter<'consumer' | 'source' | 'outcome'>;
  consumerFailed: Counter<'consumer' | 'source'>;
  consumerLag: Gauge<'consumer' | 'source'>;
  consumerBatch: Histogram<'consumer' | 'source'>;
  consumerOneTripFallbacks: Counter<'consumer' | 'source'>;
  deadLetters: Counter<'consumer' | 'source'>;
  consumerWaits: Counter<'consumer' | 'source' | 'reason'>;
}

const byRegistry = new WeakMap<Registry, BusMetrics>();

/**
 * The bus metrics on `registry` (prom-client's default one unless given). Created once per
 * registry because prom-client refuses a second metric of the same name.
 */
export function busMetrics(registry: Registry = defaultRegistry): BusMetrics {
  let metrics = byRegistry.get(registry);
  if (!metrics) {
    metrics = {
      outboxBacklog: gauge(registry, 'joo_outbox_backlog', 'Outbox rows not yet published to JetStream', ['source']),
      outboxPublished: counter(registry, 'joo_outbox_published_total', 'Outbox rows published and marked', ['source']),
      outboxDuplicates: counter(
        registry,
        'joo_outbox_duplicates_total',
        'Publishes JetStream de-duplicated by Nats-Msg-Id (a relay retried after publishing)',
        ['source'],
      ),
      consumerProcessed: counter(registry, 'joo_consumer_processed_total', 'Events handled and acked, by outcome', [
        'consumer',
        'source',
        'outcome',
      ]),
      consumerFailed: counter(registry, 'joo_consumer_failed_total', 'Handler attempts that failed (not those that wait: joo_consumer_waits_total)', ['consumer', 'source']),
      consumerLag: gauge(registry, 'joo_consumer_lag', 'Messages the durable consumer has not yet been delivered', [
        'consumer',
        'source',
      ]),
      consumerBatch: histogram(registry, 'joo_consumer_batch_events', 'Events handled together in one transaction (consumers that batch)', ['consumer', 'source']),
      consumerOneTripFallbacks: counter(registry, 'joo_consumer_one_trip_fallbacks_total', 'One-round-trip batches rolled back and handed to the handler (a duplicate or an error among them)', ['consumer', 'source']),
      deadLetters: counter(registry, 'joo_dead_letters_total', 'Events moved to dead_letters', ['consumer', 'source']),
      consumerWaits: counter(registry, 'joo_consumer_waits_total', 'Attempts handed back to wait, not counted as failures (an event before its predecessor, the database away)', ['consumer', 'source', 'reason']),
    };
    byRegistry.set(registry, metrics);
  }
  return metrics;
}

function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: L[]): Counter<L> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

function gauge<L extends string>(registry: Registry, name: string, help: string, labelNames: L[]): Gauge<L> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Gauge<L>;
  return new Gauge({ name, help, labelNames, registers: [registry] });
}

function histogram<L extends string>(registry: Registry, name: string, help: string, labelNames: L[]): Histogram<L> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Histogram<L>;
  return new Histogram({ name, help, labelNames, buckets: [2, 4, 8, 16, 32, 64], registers: [registry] });
}
