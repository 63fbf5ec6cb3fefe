import { outboxWriter } from '@joo/bus';
import type { OutboxContext } from '@joo/service-runtime';
import type { ContestsMetrics } from './metrics.js';

export const SOURCE = 'contests';

/** What the use cases need; built once by buildApp. */
export interface ContestsContext extends OutboxContext {
  clock: () => Date;
  metrics: ContestsMetrics;
}

/** This service's side of the outbox: outboxWriter of @joo/bus documents each. */
export const { write, emit } = outboxWriter(SOURCE);

export { isUniqueViolation } from '@joo/db';
