import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import { classifyStatus } from '../domain/delivery.js';
import type { ChannelSender, Found, Outgoing } from './types.js';
import { transportOutcome } from './types.js';

/** The custom argument carrying our message id: it comes back in Event Webhook events and lets us look a mail up. */
export const MESSAGE_ID_ARG = 'joo_message_id';

export interface SendGridOptions {
  apiKey: string;
  baseUrl: string;
  from: { email: string; name: string };
  timeoutMs: number;
}

/** E-mail through the real @sendgrid/mail, pointed at `baseUrl` (the fake in tests and on a laptop). */
export function sendgridSender(options: SendGridOptions): ChannelSender {
  const client = new Client();
  client.setApiKey(options.apiKey);
  // setApiKey() resets baseUrl to the real API: set ours after it.
  client.setDefaultRequest('baseUrl', `${options.baseUrl}/`);
  client.setDefaultRequest('timeout' as 'url', options.timeoutMs as unknown as string);
  const mail = new MailService();
  mail.setClient(client);

  return {
    async send(message: Outgoing) {
      try {
        const [response] = await mail.send({
          to: message.address,
          from: options.from,
          subject: message.subject ?? '',
          text: message.body,
          customArgs: { [MESSAGE_ID_ARG]: message.id },
          headers: { 'Content-Language': message.locale },
        });
        const id = response.headers['x-message-id'];
        return { kind: 'accepted', providerId: typeof id === 'string' && id ? id : `sg-${message.id}`, providerStatus: 'accepted' };
      } catch (error) {
        const status = (error as { code?: unknown }).code;
        if (typeof status === 'number') {
          const body = (error as { response?: { body?: unknown } }).response?.body;
          const detail = `SendGrid ${status}: ${JSON.stringify(body ?? null)}`.slice(0, 500);
          return classifyStatus(status) === 'retry' ? { kind: 'retry', httpStatus: status, detail } : { kind: 'final', httpStatus: status, detail };
        }
        return transportOutcome(error);
      }
    },

    // Email Activity: the mails carrying our id as a custom argument.
    async find(message: Outgoing): Promise<Found | null> {
      const [, body] = await client.request({
        method: 'GET',
        url: '/v3/messages',
        qs: { limit: 1, query: `unique_args['${MESSAGE_ID_ARG}']="${message.id}"` },
      });
      const found = (body as { messages?: Array<{ msg_id?: string; status?: string }> }).messages?.[0];
      return found?.msg_id ? { providerId: found.msg_id, providerStatus: found.status ?? 'processed' } : null;
    },
  };
}
