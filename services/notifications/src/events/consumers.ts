import { eventRouter, startConsumer, type Bus, type BusLogger, type ConsumerHandle, type EventRouter } from '@joo/bus';
import type { Registry } from 'prom-client';
import type { NotificationsContext } from '../context.js';
import { routeAccountNotices } from './account-notices.js';
import { routeIdentityEvents } from './identity.js';
import { routeOtherEvents } from './others.js';
import { routePracticeEvents } from './practice.js';
import { withUnknownRecipients } from './unknown-recipients.js';

/** Every event notifications acts on; its sources are the streams it reads. */
export const notificationRoutes = (ctx: NotificationsContext): EventRouter =>
  routePracticeEvents(routeAccountNotices(routeOtherEvents(routeIdentityEvents(eventRouter(), ctx), ctx), ctx), ctx);

/**
 * Starts the consumers: one durable consumer per publishing service. An event about a user whose
 * registration has not arrived yet (another stream, or redelivered late after a crash) waits for it
 * with back-off for half an hour, then is skipped and counted (unknown-recipients.ts); messages are
 * queued in the handler's transaction and the delivery worker is woken after the commit.
 */
export async function startConsumers(ctx: NotificationsContext, bus: Bus, log: BusLogger, registry?: Registry): Promise<ConsumerHandle[]> {
  const routes = notificationRoutes(ctx);
  const handles: ConsumerHandle[] = [];
  const handle = withUnknownRecipients(ctx, routes.handle);
  for (const source of routes.sources) {
    const routed = routes.consumer(source);
    handles.push(await startConsumer({
      pool: ctx.pool, bus, consumer: 'notifications', ...routed, log, ...(registry ? { registry } : {}),
      handle: async (event, tx) => {
        await handle(event, tx);
        // The inbox transaction commits just after this returns; a wake-up a moment later finds the
        // rows (one too early costs a poll interval, never a message).
        setTimeout(ctx.onMessagesQueued, 20);
      },
    }));
  }
  return handles;
}
