import { outboxWriter } from '@joo/bus';
import type { OutboxContext } from '@joo/service-runtime';
import type { SecretBox } from './crypto/secrets.js';
import type { LeadsMetrics } from './metrics.js';

export const SOURCE = 'leads';

/** What the use cases need; built once by buildApp and shared with the delivery worker. */
export interface LeadsContext extends OutboxContext {
  clock: () => Date;
  secrets: SecretBox;
  metrics: LeadsMetrics;
  allowPrivateWebhooks: boolean;
  /** one webhook attempt may take this long */
  webhookTimeoutMs: number;
  overlapMs: number;
  /** Wakes the delivery worker after a commit that made a delivery due (set when the worker starts). */
  onDeliveryDue: () => void;
  /** DNS for webhook hosts; tests give a fixed table. */
  resolveHost: (host: string) => Promise<string[]>;
}

/** This service's side of the outbox: outboxWriter of @joo/bus documents each. */
export const { write, emit } = outboxWriter(SOURCE);
