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

/** This service's side of the outbox: outboxWriter of @joo/bus documents each. */
export const { write, emit } = outboxWriter(SOURCE);

export { isUniqueViolation } from '@joo/db';
