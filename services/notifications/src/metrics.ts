import { Counter, type Registry } from 'prom-client';
import type { Pool } from '@joo/db';
import { scrapedGauge } from '@joo/service-kit';
import type { Channel } from './domain/quiet-hours.js';

export interface NotificationsMetrics {
  /** a message reached a status: sent (provider took it), delivered, failed (final) */
  message(channel: Channel, status: 'sent' | 'delivered' | 'failed'): void;
  /** a provider attempt failed (retried or not) */
  failure(channel: Channel): void;
  /** an event about a user never announced (no registration after the wait) was skipped */
  unknownRecipient(eventType: string): void;
  /** a required service message could only be kept in the in-app inbox (no cross-border consent, offer 3.7) */
  requiredInboxOnly(template: string, count?: number): void;
}

const CHANNELS: Channel[] = ['email', 'sms', 'voice'];

const byRegistry = new WeakMap<Registry, NotificationsMetrics>();

/**
 * joo_notifications_messages_total{channel,status}, joo_notifications_failures_total{channel},
 * joo_notifications_unknown_recipient_total{type}, joo_notifications_required_inbox_only_total{template} and joo_notifications_pending (messages waiting to be sent, read from the database at scrape time).
 */
export function notificationsMetrics(registry: Registry, pool: Pool, requiredTemplates: readonly string[] = []): NotificationsMetrics {
  const existing = byRegistry.get(registry);
  if (existing) return existing;
  const messages = new Counter({
    name: 'joo_notifications_messages_total',
    help: 'Messages by channel and the status they reached (sent, delivered, failed)',
    labelNames: ['channel', 'status'] as const,
    registers: [registry],
  });
  const failures = new Counter({
    name: 'joo_notifications_failures_total',
    help: 'Failed provider attempts by channel (5xx, timeouts and 4xx; retried or final)',
    labelNames: ['channel'] as const,
    registers: [registry],
  });
  const unknownRecipients = new Counter({
    name: 'joo_notifications_unknown_recipient_total',
    help: 'Events skipped because their user was never announced (no registration within the wait), by event type',
    labelNames: ['type'] as const,
    registers: [registry],
  });
  const requiredInboxOnly = new Counter({
    name: 'joo_notifications_required_inbox_only_total',
    help: 'Required service messages (payments, refunds, security) not sent by e-mail or SMS because the user gave no cross-border consent (offer 3.7): kept only in the in-app inbox, by template',
    labelNames: ['template'] as const,
    registers: [registry],
  });
  // At zero from the start: increase() and rate() cannot see the first failure of a series that appears at 1.
  for (const channel of CHANNELS) failures.inc({ channel }, 0);
  for (const template of requiredTemplates) requiredInboxOnly.inc({ template }, 0);
  scrapedGauge(registry, 'joo_notifications_pending',
    'Messages waiting to be sent (pending or being sent), including those held for quiet hours or a schedule', async () =>
      Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM messages WHERE status IN ('pending', 'sending')`)).rows[0]?.n ?? 0));
  const metrics: NotificationsMetrics = {
    message: (channel, status) => messages.inc({ channel, status }),
    failure: (channel) => failures.inc({ channel }),
    unknownRecipient: (type) => unknownRecipients.inc({ type }),
    requiredInboxOnly: (template, count = 1) => requiredInboxOnly.inc({ template }, count),
  };
  byRegistry.set(registry, metrics);
  return metrics;
}
