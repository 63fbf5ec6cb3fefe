import { EventWebhook, EventWebhookHeader } from '@sendgrid/eventwebhook';
import twilio from 'twilio';
import { Type } from 'typebox';
import { ProblemError, type App } from '@joo/service-kit';
import type { NotificationsContext } from '../context.js';
import { applyProviderStatuses, type ProviderStatus } from '../usecases/callbacks.js';
import { PREFIX, problemsFor } from './schemas.js';

export interface WebhookSecrets {
  /** SendGrid's Event Webhook verification key: base64 DER as shown in its settings, or PEM */
  sendgridPublicKey?: string;
  twilioAuthToken: string;
  /** The public base URL Twilio posts to: the signature covers the full URL. */
  publicBaseUrl: string;
}

/** SendGrid signs within its timestamp; older or future batches are replays. */
const MAX_SKEW_SECONDS = 10 * 60;

const badSignature = () => new ProblemError(401, 'bad-signature', 'Unauthorized', 'The request signature is missing or does not verify');
const Accepted = Type.Object({ applied: Type.Integer({ description: 'messages whose status changed' }) });

function toPem(key: string): string {
  if (key.includes('BEGIN PUBLIC KEY')) return key.replace(/\\n/g, '\n');
  return `-----BEGIN PUBLIC KEY-----\n${key.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END PUBLIC KEY-----\n`;
}

function header(value: string | string[] | undefined): string {
  return typeof value === 'string' ? value : '';
}

type SendGridEvent = { event?: unknown; sg_message_id?: unknown; joo_message_id?: unknown; reason?: unknown; response?: unknown };

export async function webhookRoutes(app: App, ctx: NotificationsContext, secrets: WebhookSecrets): Promise<void> {
  const webhook = new EventWebhook();
  const sendgridKey = secrets.sendgridPublicKey ? webhook.convertPublicKeyToECDSA(toPem(secrets.sendgridPublicKey)) : null;
  if (!sendgridKey) app.log.warn('SENDGRID_WEBHOOK_PUBLIC_KEY is not set: every SendGrid event batch is refused');

  // The signature covers the bytes as sent: both routes read the raw body in their own scope.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

    scope.post(`${PREFIX}/webhooks/sendgrid`, {
      schema: {
        operationId: 'notificationsReceiveSendgridEvents', security: [],
        tags: ['webhooks'], summary: 'SendGrid Event Webhook (ECDSA-signed JSON array of events)',
        response: { 200: Accepted, ...problemsFor(400, 401) },
      },
    }, async (request) => {
      const raw = typeof request.body === 'string' ? request.body : '';
      const signature = header(request.headers[EventWebhookHeader.SIGNATURE().toLowerCase()]);
      const timestamp = header(request.headers[EventWebhookHeader.TIMESTAMP().toLowerCase()]);
      if (!sendgridKey || !signature || !/^\d{1,12}$/.test(timestamp)) throw badSignature();
      if (Math.abs(Date.now() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) throw badSignature();
      let valid = false;
      try {
        valid = webhook.verifySignature(sendgridKey, raw, signature, timestamp);
      } catch { /* a malformed signature is a bad one */ }
      if (!valid) throw badSignature();
      let events: unknown;
      try {
        events = JSON.parse(raw);
      } catch {
        events = null;
      }
      if (!Array.isArray(events)) throw new ProblemError(400, 'validation', 'Your request is not valid', 'Expected a JSON array of events');
      const statuses: ProviderStatus[] = (events as SendGridEvent[])
        .filter((e) => e && typeof e.event === 'string')
        .map((e) => ({
          messageId: typeof e.joo_message_id === 'string' ? e.joo_message_id : null,
          // sg_message_id is X-Message-Id plus a suffix after the first dot
          providerId: typeof e.sg_message_id === 'string' ? e.sg_message_id.split('.')[0]! : null,
          channels: ['email'],
          providerStatus: e.event as string,
          ...(typeof e.reason === 'string' ? { detail: e.reason.slice(0, 300) } : {}),
        }));
      return { applied: await applyProviderStatuses(ctx, statuses) };
    });

    scope.post(`${PREFIX}/webhooks/twilio`, {
      schema: {
        operationId: 'notificationsReceiveTwilioStatus', security: [],
        tags: ['webhooks'], summary: 'Twilio status callback for SMS and calls (form-encoded, X-Twilio-Signature)',
        querystring: Type.Object({ messageId: Type.Optional(Type.String({ maxLength: 64 })) }),
        response: { 200: Accepted, ...problemsFor(400, 401) },
      },
    }, async (request) => {
      const raw = typeof request.body === 'string' ? request.body : '';
      const params = Object.fromEntries(new URLSearchParams(raw));
      const signature = header(request.headers['x-twilio-signature']);
      const url = `${secrets.publicBaseUrl}${request.url}`;
      if (!signature || !twilio.validateRequest(secrets.twilioAuthToken, signature, url, params)) throw badSignature();
      const sid = params.MessageSid ?? params.CallSid ?? null;
      const status = params.MessageStatus ?? params.CallStatus;
      if (!status) return { applied: 0 };
      const detail = params.ErrorCode ? `error ${params.ErrorCode}` : undefined;
      return {
        applied: await applyProviderStatuses(ctx, [{
          messageId: (request.query as { messageId?: string }).messageId ?? null, providerId: sid, channels: params.CallSid ? ['voice'] : ['sms'], providerStatus: status,
          ...(detail ? { detail } : {}),
        }]),
      };
    });
  });
}
