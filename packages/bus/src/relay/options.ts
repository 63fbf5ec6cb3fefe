import type { Registry } from 'prom-client';
import type { Pool } from '@joo/db';
import type { Bus } from '../connection.js';
import type { BusLogger } from '../log.js';

export interface RelayOptions {
  pool: Pool;
  bus: Bus;
  /** The publishing service; names the stream, the lock and the NOTIFY channel. */
  source: string;
  log: BusLogger;
  /**
   * A direct PostgreSQL URL, for when `pool` goes through a transaction pooler; default: the pool's
   * own connection settings. Only the relay's session connection uses it: the advisory lock and
   * LISTEN belong to one server session, which a transaction pooler does not keep.
   */
  sessionConnectionString?: string;
  /** Fallback poll when no wake-up arrives (ms). */
  pollIntervalMs?: number;
  batchSize?: number;
  /** How often a replica without the lock tries to take it (ms). */
  lockRetryMs?: number;
  /** Longest pause after repeated NATS or PostgreSQL failures (ms). */
  maxBackoffMs?: number;
  /** LISTEN for wake-ups from other replicas, and forward this replica's wake() as a NOTIFY. */
  listen?: boolean;
  registry?: Registry;
  /** Published rows older than this are deleted by the lock holder (ms; default 7 days). */
  retentionMs?: number;
  /**
   * Test seam: runs after JetStream acked a batch and before the rows are marked. Throwing here
   * is a relay dying between publish and mark.
   */
  beforeMark?: (ids: readonly string[]) => void | Promise<void>;
}

export interface Relay {
  /** Call after committing a transaction that enqueued events. Cheap; coalesces. */
  wake(): void;
  /** Publishes what is pending now if this relay holds (or can take) the lock; resolves with the count. */
  drainOnce(): Promise<number>;
  /** Whether this relay holds the advisory lock. */
  isLeader(): boolean;
  stop(): Promise<void>;
}
