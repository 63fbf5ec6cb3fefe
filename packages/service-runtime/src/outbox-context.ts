import type { Pool } from '@joo/db';

/**
 * The part of every service's context that writes events: its pool, and what to call after a
 * commit that wrote outbox rows (the context's `write` calls it) so the relay publishes them now
 * rather than at its next poll.
 */
export interface OutboxContext {
  pool: Pool;
  onOutboxWrite: () => void;
}

/**
 * What a service's buildApp deps carry for it: the process passes the relay's wake-up
 * (startServiceProcess's `build` gets a complete OutboxContext); tests may leave it out or count calls.
 */
export interface OutboxDeps {
  pool: Pool;
  onOutboxWrite?: () => void;
}

/** The OutboxContext of a service's context, from its buildApp deps. */
export function outboxContext(deps: OutboxDeps): OutboxContext {
  return { pool: deps.pool, onOutboxWrite: deps.onOutboxWrite ?? (() => {}) };
}
