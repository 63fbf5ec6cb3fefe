import { outboxWriter } from '@joo/bus';
import type { OutboxContext } from '@joo/service-runtime';
import type { WorkingCalendar } from './domain/working-days.js';
import type { RefundsMetrics } from './metrics.js';

export const SOURCE = 'refunds';

/** What the use cases need; built once by buildApp. */
export interface RefundsContext extends OutboxContext {
  clock: () => Date;
  /** Kazakhstan's working days: review (14.6) and payout (14.7) deadlines count them. */
  calendar: WorkingCalendar;
  metrics: RefundsMetrics;
}

const outbox = outboxWriter(SOURCE);

/** Runs `work` in one transaction; after the commit, the relay is woken if it wrote events. */
export const write = outbox.write;
/** Writes a refunds event to the outbox inside the caller's transaction. */
export const emit = outbox.emit;

export { isUniqueViolation } from '@joo/db';
