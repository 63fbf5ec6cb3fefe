import type { Pool } from '@joo/db';
import { createService, type App } from '@joo/service-kit';
import type { NotificationsContext } from './context.js';
import { notificationsMetrics } from './metrics.js';
import { adminRoutes } from './routes/admin.js';
import { meRoutes } from './routes/me.js';
import { webhookRoutes, type WebhookSecrets } from './routes/webhooks.js';
import { loadTemplates, type Templates } from './template-store.js';

export interface BuildAppDeps {
  pool: Pool;
  jwksUrl: string;
  issuer?: string;
  audience?: string;
  logLevel?: string;
  webhooks: WebhookSecrets;
  clock?: () => Date;
  templates?: Templates;
  /** Called after a commit that wrote events: main passes the relay's wake(). */
  onOutboxWrite?: () => void;
  /** Called after a commit that queued messages: main passes the delivery worker's wake(). */
  onMessagesQueued?: () => void;
}

const contexts = new WeakMap<App, NotificationsContext>();

/** The use-case context of an app built here (for the consumers and the delivery worker beside it). */
export function contextOf(app: App): NotificationsContext {
  const ctx = contexts.get(app);
  if (!ctx) throw new Error('not a notifications app');
  return ctx;
}

/** The notifications service as a Fastify app; main.ts listens with it, tests inject into it. */
export async function buildApp(deps: BuildAppDeps): Promise<App> {
  const app = await createService({
    name: 'notifications',
    description: 'E-mail (SendGrid), SMS and calls (Twilio): templates in kk and ru, consents, delivery log, broadcasts',
    ...(deps.logLevel ? { logLevel: deps.logLevel } : {}),
    auth: { issuer: deps.issuer ?? 'joo-identity', audience: deps.audience ?? 'joo-platform', keys: { jwksUrl: deps.jwksUrl } },
  });
  app.addReadinessCheck('postgres', () => deps.pool.query('SELECT 1'));
  const ctx: NotificationsContext = {
    pool: deps.pool,
    clock: deps.clock ?? (() => new Date()),
    templates: deps.templates ?? (await loadTemplates()),
    metrics: notificationsMetrics(app.metrics, deps.pool),
    onOutboxWrite: deps.onOutboxWrite ?? (() => {}),
    onMessagesQueued: deps.onMessagesQueued ?? (() => {}),
  };
  contexts.set(app, ctx);
  meRoutes(app, ctx);
  adminRoutes(app, ctx);
  await webhookRoutes(app, ctx, deps.webhooks);
  return app;
}
