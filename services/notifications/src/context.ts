import { outboxWriter } from '@joo/bus';
import type { OutboxContext } from '@joo/service-runtime';
import type { NotificationsMetrics } from './metrics.js';
import type { Templates } from './template-store.js';

export const SOURCE = 'notifications';

/** What the use cases need; built once per process (and per test). */
export interface NotificationsContext extends OutboxContext {
  clock: () => Date;
  templates: Templates;
  metrics: NotificationsMetrics;
  /** Wakes the delivery worker after a commit that queued messages (set when the worker starts). */
  onMessagesQueued: () => void;
}

/** This service's side of the outbox: outboxWriter of @joo/bus documents each. */
export const { write, emit, wroteEvents } = outboxWriter(SOURCE);
