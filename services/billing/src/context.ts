import { outboxWriter } from '@joo/bus';
import type { OutboxContext } from '@joo/service-runtime';
import type { BillingMetrics } from './metrics.js';
import type { Providers } from './providers/registry.js';

export const SOURCE = 'billing';

/** What the use cases need; built once by buildApp. */
export interface BillingContext extends OutboxContext {
  clock: () => Date;
  providers: Providers;
  metrics: BillingMetrics;
}

const outbox = outboxWriter(SOURCE);

/** Runs `work` in one transaction; after the commit, the relay is woken if it wrote events. */
export const write = outbox.write;
/**
 * Writes a billing event to the outbox inside the caller's transaction. Nobody in the service process
 * NOTIFYs (a NOTIFY serialises commits, ADR 0003): use cases wake the relay after `write`'s commit,
 * event handlers through their consumer's afterCommit; `{notify: true}` is for scripts that run no relay.
 */
export const emit = outbox.emit;
/**
 * A billing event as the outbox row for a statement of `tx` that writes it (outboxInsert of @joo/bus);
 * `tx` is thereby marked as having written events, so `write` wakes the relay after its commit.
 */
export const eventRow = outbox.row;

export { isUniqueViolation } from '@joo/db';
