import { outboxWriter } from '@joo/bus';
import type { OutboxContext } from '@joo/service-runtime';
import type { ContestsMetrics } from './metrics.js';

export const SOURCE = 'contests';

/** What the use cases need; built once by buildApp. */
export interface ContestsContext extends OutboxContext {
  clock: () => Date;
  metrics: ContestsMetrics;
}

const outbox = outboxWriter(SOURCE);

/** Runs `work` in one transaction; after the commit, the relay is woken if it wrote events. */
export const write = outbox.write;
/** Writes a contests event to the outbox inside the caller's transaction. */
export const emit = outbox.emit;

export { isUniqueViolation } from '@joo/db';
