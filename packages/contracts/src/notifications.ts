/**
 * Events published by notifications (stream JOO_NOTIFICATIONS, subjects joo.notifications.>).
 */
import { Type } from 'typebox';
import { Instant } from './common.js';
import { defineEvent } from './envelope.js';

export const DeliveryFailed = defineEvent('notifications', 'notifications.delivery.failed.v1', {
  description: 'A message could not be delivered (provider 4xx, retries used up, or a failed status callback); for dashboards and audits.',
  subject: 'messageId',
}, Type.Object({
  messageId: Type.String(),
  userId: Type.Union([Type.String(), Type.Null()]),
  channel: Type.Union([Type.Literal('email'), Type.Literal('sms'), Type.Literal('voice')]),
  template: Type.String(),
  reason: Type.String(),
  failedAt: Instant,
}));

export const notificationsEvents = [DeliveryFailed] as const;
