import { performance } from 'node:perf_hooks';
import { problems } from '@joo/service-kit';
import { uuidv7 } from 'uuidv7';
import type { LeadsContext } from '../context.js';
import { sendWebhook } from '../delivery/sender.js';
import { signedHeaders } from '../delivery/worker.js';
import type { Partner } from '../store/partners.js';
import { signingSecrets } from './partners.js';

export const TEST_EVENT = 'webhook.test';

/**
 * Sends a signed `webhook.test` event to the partner's URL now and reports what happened, so a
 * partner's developer can check their receiver without waiting for a real lead. Nothing is retried
 * or recorded; the SSRF rules apply as to every delivery.
 */
export async function sendTestWebhook(ctx: LeadsContext, partner: Partner): Promise<{ webhookId: string; ok: boolean; statusCode: number | null; error: string | null; durationMs: number }> {
  if (!partner.webhookUrl) throw problems.conflict('no-webhook', 'Your account has no webhook URL; ask joo.kz to set one');
  const now = ctx.clock();
  const webhookId = uuidv7();
  const body = JSON.stringify({ type: TEST_EVENT, timestamp: now.toISOString(), data: { partnerId: partner.id, universityId: partner.universityId } });
  const headers = signedHeaders(webhookId, now, body, await signingSecrets(ctx, partner.id, now));
  const t0 = performance.now();
  const result = await sendWebhook({ url: partner.webhookUrl, headers, body, timeoutMs: ctx.webhookTimeoutMs, allowPrivate: ctx.allowPrivateWebhooks, resolveHost: ctx.resolveHost });
  return { webhookId, ...result, durationMs: Math.round(performance.now() - t0) };
}
