import { DeliveryFailed } from '@joo/contracts';
import type { Queryable } from '@joo/db';
import { emit, write, type NotificationsContext } from '../context.js';
import { advances, statusFromProvider, type MessageStatus } from '../domain/delivery.js';
import type { Channel } from '../domain/quiet-hours.js';
import { logDelivery } from '../store/messages.js';

export interface ProviderStatus {
  /** our message id, when the provider echoed it (SendGrid custom arg, Twilio callback URL) */
  messageId: string | null;
  providerId: string | null;
  channels: Channel[];
  providerStatus: string;
  detail?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Row { id: string; channel: Channel; status: MessageStatus; user_id: string | null; template: string; provider_id: string | null }

async function findMessage(tx: Queryable, s: ProviderStatus): Promise<Row | null> {
  if (s.messageId && UUID.test(s.messageId)) {
    const { rows } = await tx.query<Row>('SELECT id, channel, status, user_id, template, provider_id FROM messages WHERE id = $1 AND channel = ANY($2) FOR UPDATE', [s.messageId, s.channels]);
    if (rows[0]) return rows[0];
  }
  if (!s.providerId) return null;
  const { rows } = await tx.query<Row>('SELECT id, channel, status, user_id, template, provider_id FROM messages WHERE provider_id = $1 AND channel = ANY($2) FOR UPDATE', [s.providerId, s.channels]);
  return rows[0] ?? null;
}

/**
 * Applies provider status callbacks (already verified) to the delivery log. A status only moves
 * forward; failures publish notifications.delivery.failed. Returns how many changed a message.
 */
export async function applyProviderStatuses(ctx: NotificationsContext, statuses: ProviderStatus[]): Promise<number> {
  return write(ctx, async (tx) => {
    let changed = 0;
    const now = ctx.clock();
    for (const s of statuses) {
      const row = await findMessage(tx, s);
      if (!row) continue;
      await logDelivery(tx, { messageId: row.id, at: now, what: 'callback', outcome: s.providerStatus, providerId: s.providerId, detail: s.detail ?? null });
      const next = statusFromProvider(row.channel, s.providerStatus);
      // The provider has it whatever our sender recorded: a message in doubt needs no lookup now.
      await tx.query(
        `UPDATE messages SET provider_status = $2, provider_id = coalesce(provider_id, $3), in_doubt = false, updated_at = $4 WHERE id = $1`,
        [row.id, s.providerStatus, s.providerId, now]);
      if (!next || !advances(row.status, next)) continue;
      await tx.query(
        `UPDATE messages SET status = $2, lease_until = NULL, claim_token = NULL, sent_at = coalesce(sent_at, $3), updated_at = $3 WHERE id = $1`,
        [row.id, next, now]);
      changed += 1;
      ctx.metrics.message(row.channel, next);
      if (next === 'failed') {
        await emit(tx, DeliveryFailed, row.id, {
          messageId: row.id, userId: row.user_id, channel: row.channel, template: row.template,
          reason: `provider status ${s.providerStatus}${s.detail ? `: ${s.detail}` : ''}`.slice(0, 500), failedAt: now.toISOString(),
        }, now);
      }
    }
    return changed;
  });
}
