import { eventRouter, startConsumer, type Bus, type BusLogger, type ConsumerHandle, type EventRouter } from '@joo/bus';
import type { Registry } from 'prom-client';
import type { NotificationsContext } from '../context.js';
import { RecipientUnknownError } from '../usecases/plan.js';
import { routeIdentityEvents } from './identity.js';
import { routeOtherEvents } from './others.js';

/** Every event notifications acts on; its sources are the streams it reads. */
export const notificationRoutes = (ctx: NotificationsContext): EventRouter => routeOtherEvents(routeIdentityEvents(eventRouter(), ctx), ctx);

/**
 * Starts the consumers: one durable consumer per publishing service. An event about a user whose
 * registration has not arrived yet (another stream, so no ordering) fails and is redelivered with
 * back-off for about half an hour before it is dead-lettered (replayable); messages are queued in
 * the handler's transaction and the delivery worker is woken after the commit.
 */
export async function startConsumers(ctx: NotificationsContext, bus: Bus, log: BusLogger, registry?: Registry): Promise<ConsumerHandle[]> {
  const routes = notificationRoutes(ctx);
  const handles: ConsumerHandle[] = [];
  for (const source of routes.sources) {
    const routed = routes.consumer(source);
    handles.push(await startConsumer({
      pool: ctx.pool, bus, consumer: 'notifications', ...routed, log, ...(registry ? { registry } : {}),
      maxDeliver: source === 'identity' ? 5 : 40,
      nakDelayMs: (attempt) => Math.min(60_000, 1000 * 2 ** (attempt - 1)),
      handle: async (event, tx) => {
        try {
          await routed.handle(event, tx);
        } catch (error) {
          if (error instanceof RecipientUnknownError) log.warn({ eventId: event.id, type: event.type, userId: error.userId }, 'recipient not known yet; will retry');
          throw error;
        }
        // The inbox transaction commits just after this returns; a wake-up a moment later finds the
        // rows (one too early costs a poll interval, never a message).
        setTimeout(ctx.onMessagesQueued, 20);
      },
    }));
  }
  return handles;
}
