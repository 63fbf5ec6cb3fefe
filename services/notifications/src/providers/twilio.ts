import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import type * as TwilioResponse from 'twilio/lib/http/response.js';

import { classifyStatus } from '../domain/delivery.js';
import { sayTwiml } from '../domain/templates.js';
import type { ChannelSender, Found, Outgoing } from './types.js';
import { transportOutcome } from './types.js';

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  from: string;
  /** https://api.twilio.com, or a local fake */
  baseUrl: string;
  timeoutMs: number;
  /** The status callback URL of a message (it names the message, so a callback finds it). */
  statusCallback: (messageId: string) => string;
}

const TWILIO_API = 'https://api.twilio.com';

/** region/edge only change twilio.com hosts: reaching another server takes an httpClient that rewrites the URI. */
class RedirectingRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string, timeoutMs: number) {
    super({ timeout: timeoutMs });
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<TwilioResponse.default<TData>> {
    return super.request<TData>({ ...opts, uri: opts.uri.replace(TWILIO_API, this.baseUrl) });
  }
}

function failure(error: unknown) {
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number') {
    const e = error as { code?: number; message?: string };
    const detail = `Twilio ${status} (${e.code ?? '-'}): ${e.message ?? ''}`.slice(0, 500);
    return classifyStatus(status) === 'retry'
      ? { kind: 'retry' as const, httpStatus: status, detail }
      : { kind: 'final' as const, httpStatus: status, detail };
  }
  return transportOutcome(error);
}

/** SMS and voice through the real twilio SDK. */
export function twilioSenders(options: TwilioOptions): { sms: ChannelSender; voice: ChannelSender } {
  const client = twilio(options.accountSid, options.authToken, {
    httpClient: options.baseUrl === TWILIO_API ? new twilio.RequestClient({ timeout: options.timeoutMs }) : new RedirectingRequestClient(options.baseUrl, options.timeoutMs),
  });
  // A lookup looks a little before the first attempt: the provider's clock is not ours.
  const since = (m: Outgoing) => new Date(m.firstAttemptAt.getTime() - 60_000);

  const sms: ChannelSender = {
    async send(m) {
      try {
        const created = await client.messages.create({ to: m.address, from: options.from, body: m.body, statusCallback: options.statusCallback(m.id) });
        return { kind: 'accepted', providerId: created.sid, providerStatus: created.status };
      } catch (error) {
        return failure(error);
      }
    },
    // Twilio cannot filter by our id: the same text to the same number since the first attempt is ours.
    async find(m): Promise<Found | null> {
      const list = await client.messages.list({ to: m.address, dateSentAfter: since(m), limit: 50 });
      const found = list.find((x) => x.body === m.body);
      return found ? { providerId: found.sid, providerStatus: found.status } : null;
    },
  };

  const voice: ChannelSender = {
    async send(m) {
      try {
        const created = await client.calls.create({
          to: m.address, from: options.from, twiml: sayTwiml(m.body, m.locale), statusCallback: options.statusCallback(m.id),
        });
        return { kind: 'accepted', providerId: created.sid, providerStatus: created.status };
      } catch (error) {
        return failure(error);
      }
    },
    // Calls are rare: any call to the number since the first attempt is taken to be this one.
    async find(m): Promise<Found | null> {
      const [found] = await client.calls.list({ to: m.address, startTimeAfter: since(m), limit: 1 });
      return found ? { providerId: found.sid, providerStatus: found.status } : null;
    },
  };
  return { sms, voice };
}
