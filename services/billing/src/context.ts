import { outboxWriter } from '@joo/bus';
import type { OutboxContext } from '@joo/service-runtime';
import type { BankTransferSettings } from './bank-transfers.js';
import type { BillingMetrics } from './metrics.js';
import type { Providers } from './providers/registry.js';

export const SOURCE = 'billing';

/** What the use cases need; built once by buildApp. */
export interface BillingContext extends OutboxContext {
  clock: () => Date;
  providers: Providers;
  metrics: BillingMetrics;
  bankTransfers: BankTransferSettings;
}

/** This service's side of the outbox: outboxWriter of @joo/bus documents each. */
export const { write, emit, row: eventRow } = outboxWriter(SOURCE);

export { isUniqueViolation } from '@joo/db';
