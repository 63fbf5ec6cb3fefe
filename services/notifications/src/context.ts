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

const outbox = outboxWriter(SOURCE);

/** Runs `work` in one transaction; after the commit, the relay is woken if it wrote events. */
export const write = outbox.write;
/** Writes a notifications event to the outbox inside the caller's transaction. */
export const emit = outbox.emit;

export const wroteEvents = outbox.wroteEvents;
