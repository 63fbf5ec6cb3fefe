import { createServiceApp, outboxContext, type BuiltService, type ServiceAppDeps } from '@joo/service-runtime';
import type { NotificationsContext } from './context.js';
import { notificationsMetrics } from './metrics.js';
import { adminRoutes } from './routes/admin.js';
import { announcementRoutes } from './routes/announcements.js';
import { meRoutes } from './routes/me.js';
import { webhookRoutes, type WebhookSecrets } from './routes/webhooks.js';
import { loadTemplates, type Templates } from './template-store.js';

export interface BuildAppDeps extends ServiceAppDeps {
  webhooks: WebhookSecrets;
  clock?: () => Date;
  templates?: Templates;
}

/** The notifications service as a Fastify app, and the context its consumers and delivery worker share. */
export async function buildApp(deps: BuildAppDeps): Promise<BuiltService<NotificationsContext>> {
  const app = await createServiceApp(deps, {
    name: 'notifications',
    description: 'E-mail (SendGrid), SMS and calls (Twilio): templates in kk and ru, consents, delivery log, broadcasts',
    tags: [
      { name: 'notifications', description: 'Your messages; broadcasts and delivery for admins' },
      { name: 'webhooks', description: 'Delivery status callbacks from SendGrid and Twilio, checked by their signatures' },
    ],
  });
  const templates = deps.templates ?? (await loadTemplates());
  const ctx: NotificationsContext = {
    ...outboxContext(deps),
    clock: deps.clock ?? (() => new Date()),
    templates,
    metrics: notificationsMetrics(app.metrics, deps.pool, [...templates.values()].filter((t) => t.required).map((t) => t.name)),
    // The background's delivery worker takes this over once it runs.
    onMessagesQueued: () => {},
  };
  meRoutes(app, ctx);
  announcementRoutes(app, ctx);
  adminRoutes(app, ctx);
  await webhookRoutes(app, ctx, deps.webhooks);
  return { app, ctx };
}
