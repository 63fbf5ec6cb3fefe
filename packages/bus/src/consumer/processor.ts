import type { JsMsg } from '@nats-io/jetstream';
import type { Envelope } from '@joo/contracts';
import type { Execution, Pool, QueryResult } from '@joo/db';
import { parseEnvelope } from '../envelope.js';
import type { EventHandler } from '../inbox.js';
import { errorText, type BusLogger } from '../log.js';
import type { BusMetrics } from '../metrics.js';
import type { ConsumerOptions } from './options.js';
import type { Waits } from './waits.js';

/** What the one-event, batch and retry paths of a running consumer read: its options, resolved. */
export interface Processor extends Required<Pick<ConsumerOptions, 'maxDeliver' | 'nakDelayMs' | 'maxWaitMs'>> {
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
  waits: Waits;
}

export type Read = { event: Envelope } | { error: unknown };
export interface Pulled { m: JsMsg; read: Read }

/** The message as an envelope, or why it is not one (it is dead-lettered when processed). */
export function readMessage(m: JsMsg): Read {
  try {
    return { event: parseEnvelope(m.string(), m.headers?.get('traceparent') || undefined) };
  } catch (error) {
    return { error };
  }
}

/** The hook's failure is logged, never taken for the handler's: the event is committed and acked. */
export function runAfterCommit(p: Processor, event: Envelope): void {
  try {
    p.afterCommit?.(event);
  } catch (error) {
    p.log.warn({ ...p.labels, eventId: event.id, err: errorText(error) }, 'afterCommit hook failed');
  }
}
