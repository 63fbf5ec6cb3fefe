export { busMigrations } from './migrations.js';
export { connectBus, type Bus, type ConnectBusOptions } from './connection.js';
export { DUPLICATE_WINDOW_MS } from './streams.js';
export { enqueue, outboxInsert, assertEventData, pruneOutbox, type EnqueueOptions, type OutboxRow } from './outbox.js';
export { outboxWriter, type OutboxWriter } from './writer.js';
export { publishEnvelope } from './publish.js';
export { startRelay, type Relay, type RelayOptions } from './relay.js';
export { startConsumer, type ConsumerHandle, type ConsumerOptions } from './consumer.js';
export { registerHandler, handlerFor } from './handlers.js';
export { eventRouter, EventRouter, type EnvelopeOf, type RouteHandler, type RouteOptions, type RoutedConsumer } from './router.js';
export { startEphemeralConsumer, type EphemeralConsumerOptions } from './ephemeral.js';
export { handleOnce, type EventHandler, type InboxOutcome } from './inbox.js';
export {
  findDeadLetter,
  listDeadLetters,
  replayDeadLetter,
  recordDeadLetter,
  type DeadLetter,
  type NewDeadLetter,
  type ReplayOptions,
} from './dead-letters.js';
export { busMetrics, type BusMetrics } from './metrics.js';
export { activeTraceparent, contextFromTraceparent } from './trace.js';
export { streamNamePrefix, outboxChannel } from './names.js';
export { EventValidationError, DeadLetterError, EventNotReadyError } from './errors.js';
export type { BusLogger } from './log.js';
