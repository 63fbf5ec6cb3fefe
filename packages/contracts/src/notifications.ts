/**
 * Events published by notifications (stream JOO_NOTIFICATIONS, subjects joo.notifications.>).
 */
import { Type } from 'typebox';
import { Instant } from './common.js';
import { defineEvent } from './envelope.js';

/**
 * notifications.delivery.failed.v1 — a message could not be delivered (provider 4xx, retries used
 * up, or a failed status callback). Subject: the message id. Consumers: none yet (dashboards, audits).
 */
export const DeliveryFailed = defineEvent('notifications', 'notifications.delivery.failed.v1', Type.Object({
  messageId: Type.String(),
  userId: Type.Union([Type.String(), Type.Null()]),
  channel: Type.Union([Type.Literal('email'), Type.Literal('sms'), Type.Literal('voice')]),
  template: Type.String(),
  reason: Type.String(),
  failedAt: Instant,
}));

export const notificationsEvents = [DeliveryFailed] as const;
