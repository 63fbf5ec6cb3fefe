import type { Registry } from 'prom-client';
import type { Envelope } from '@joo/contracts';
import type { Execution, Pool, QueryResult } from '@joo/db';
import type { Bus } from '../connection.js';
import type { EventHandler } from '../inbox.js';
import type { BusLogger } from '../log.js';

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
  /**
   * How long an event may wait (ms since the stream stored it) while its handler throws
   * EventNotReadyError or the database is unavailable: such attempts are nak'd with `nakDelayMs`
   * back-off and do not count toward `maxDeliver`. Default one hour; then they count as failures.
   */
  maxWaitMs?: number;
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
   * The handler as one SQL statement fixed by the event (an execution of a @joo/db statement, whose
   * values @joo/db writes into the message; it may read what it needs beforehand, outside the
   * transaction), or null when the event needs nothing: with
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
