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

const outbox = outboxWriter(SOURCE);

/** Runs `work` in one transaction; after the commit, the relay is woken if it wrote events. */
export const write = outbox.write;
/** Writes a leads event to the outbox inside the caller's transaction. */
export const emit = outbox.emit;
