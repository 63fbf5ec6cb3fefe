import type { ProviderConfig } from './config.js';
import { sendgridSender } from './providers/sendgrid.js';
import { twilioSenders } from './providers/twilio.js';
import type { Senders } from './providers/types.js';

/** The real SDKs, pointed where the config says (the providers, or the local fakes). */
export function createSenders(config: Pick<ProviderConfig,
  'SENDGRID_API_KEY' | 'SENDGRID_BASE_URL' | 'SENDGRID_FROM_EMAIL' | 'SENDGRID_FROM_NAME' | 'TWILIO_ACCOUNT_SID' | 'TWILIO_AUTH_TOKEN'
  | 'TWILIO_FROM_NUMBER' | 'TWILIO_BASE_URL' | 'PROVIDER_TIMEOUT_MS' | 'PUBLIC_BASE_URL'>): Senders {
  const email = sendgridSender({
    apiKey: config.SENDGRID_API_KEY, baseUrl: config.SENDGRID_BASE_URL, timeoutMs: config.PROVIDER_TIMEOUT_MS,
    from: { email: config.SENDGRID_FROM_EMAIL, name: config.SENDGRID_FROM_NAME },
  });
  const { sms, voice } = twilioSenders({
    accountSid: config.TWILIO_ACCOUNT_SID, authToken: config.TWILIO_AUTH_TOKEN, from: config.TWILIO_FROM_NUMBER,
    baseUrl: config.TWILIO_BASE_URL, timeoutMs: config.PROVIDER_TIMEOUT_MS,
    statusCallback: (id) => `${config.PUBLIC_BASE_URL}/v1/notifications/webhooks/twilio?messageId=${id}`,
  });
  return { email, sms, voice };
}
