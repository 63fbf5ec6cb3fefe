/**
 * A local Twilio Programmable Messaging and Voice: `POST /2010-04-01/Accounts/{Sid}/Messages.json`
 * and `/Calls.json` (form-encoded, basic auth, 201 with the resource as Twilio answers), their list
 * endpoints (`To`, `DateSent>` / `StartTime>` filters), and status callbacks posted form-encoded
 * with `X-Twilio-Signature` (HMAC-SHA1 of URL + sorted params with the account's auth token, base64).
 * The real twilio SDK is pointed at it through an httpClient that rewrites the host.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Teardown } from '../teardown.js';
import { closeServer, FaultQueue, httpServer, listen, post, readBody, sendJson, sleep, type Fault } from './faults.js';

/** The StatusCallback query parameter a sender names its own message id with: the idempotency key. */
export const TWILIO_IDEMPOTENCY_PARAM = 'messageId';

export interface ReceivedTwilioResource {
  kind: 'message' | 'call';
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  /** SMS text, or the TwiML of a call */
  body: string;
  statusCallback: string | null;
  /** `messageId` of the StatusCallback URL: one per message of the sender */
  idempotencyKey: string | null;
  status: string;
  /** the auth token the resource was created with; callbacks are signed with it */
  authToken: string;
  createdAt: Date;
}

export interface FakeTwilioOptions {
  port?: number;
  /** Post status callbacks (sent → delivered, or completed for calls) for each created resource. */
  autoCallbacks?: boolean;
  callbackDelayMs?: number;
}

export interface FakeTwilio {
  url: string;
  received: ReceivedTwilioResource[];
  messages(): ReceivedTwilioResource[];
  calls(): ReceivedTwilioResource[];
  /** Create requests (Messages.json / Calls.json POSTs), accepted or not. */
  createRequests: number;
  byKey(key: string): ReceivedTwilioResource[];
  fail(count: number, fault: Fault): void;
  /** Posts a signed status callback for a resource to its StatusCallback; returns the receiver's status. */
  sendStatus(resource: ReceivedTwilioResource, status: string, extra?: Record<string, string>): Promise<number>;
  /** The params Twilio posts in a status callback for `resource`. */
  callbackParams(resource: ReceivedTwilioResource, status: string): Record<string, string>;
  close(): Promise<void>;
}

/** X-Twilio-Signature: HMAC-SHA1 over the full URL followed by each POST param name and value, sorted by name. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params).sort().reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

const rfc2822 = (d: Date) => d.toUTCString().replace('GMT', '+0000');

function twilioError(response: ServerResponse, status: number, code: number, message: string): void {
  sendJson(response, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

const E164 = /^\+[1-9]\d{6,14}$/;

export async function fakeTwilio(t: Teardown | null, options: FakeTwilioOptions = {}): Promise<FakeTwilio> {
  const faults = new FaultQueue();
  const received: ReceivedTwilioResource[] = [];
  let base = '';

  const resourceJson = (r: ReceivedTwilioResource) => {
    const common = {
      sid: r.sid, account_sid: r.accountSid, to: r.to, from: r.from, status: r.status,
      date_created: rfc2822(r.createdAt), date_updated: rfc2822(r.createdAt), api_version: '2010-04-01', price: null, price_unit: 'USD',
    };
    if (r.kind === 'message') {
      return {
        ...common, body: r.body, direction: 'outbound-api', num_segments: String(Math.max(1, Math.ceil(r.body.length / 70))), num_media: '0',
        date_sent: null, error_code: null, error_message: null, messaging_service_sid: null,
        uri: `/2010-04-01/Accounts/${r.accountSid}/Messages/${r.sid}.json`,
      };
    }
    return {
      ...common, direction: 'outbound-api', start_time: null, end_time: null, duration: null, answered_by: null,
      uri: `/2010-04-01/Accounts/${r.accountSid}/Calls/${r.sid}.json`,
    };
  };

  const callbackParams = (r: ReceivedTwilioResource, status: string): Record<string, string> => r.kind === 'message'
    ? { AccountSid: r.accountSid, ApiVersion: '2010-04-01', From: r.from, To: r.to, MessageSid: r.sid, SmsSid: r.sid, MessageStatus: status, SmsStatus: status }
    : { AccountSid: r.accountSid, ApiVersion: '2010-04-01', From: r.from, To: r.to, CallSid: r.sid, CallStatus: status, Direction: 'outbound-api', ...(status === 'completed' ? { CallDuration: '12' } : {}) };

  const sendStatus = async (r: ReceivedTwilioResource, status: string, extra: Record<string, string> = {}): Promise<number> => {
    if (!r.statusCallback) throw new Error(`fake Twilio: ${r.sid} has no StatusCallback`);
    r.status = status;
    const params = { ...callbackParams(r, status), ...extra };
    return post(r.statusCallback, new URLSearchParams(params).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(r.authToken, r.statusCallback, params),
    });
  };

  const autoCallbacks = (r: ReceivedTwilioResource) => {
    if (!options.autoCallbacks || !r.statusCallback) return;
    const delay = options.callbackDelayMs ?? 50;
    const steps = r.kind === 'message' ? ['sent', 'delivered'] : ['completed'];
    void (async () => {
      for (const step of steps) {
        await sleep(delay);
        await sendStatus(r, step);
      }
    })();
  };

  const create = async (kind: 'message' | 'call', accountSid: string, token: string, form: URLSearchParams, response: ServerResponse) => {
    fake.createRequests += 1;
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? '';
    if (!to) return twilioError(response, 400, kind === 'message' ? 21604 : 21201, "A 'To' phone number is required.");
    const fault = faults.take();
    if (fault && 'status' in fault) return twilioError(response, fault.status, fault.code ?? (fault.status >= 500 ? 20500 : 21211), fault.message ?? `fault ${fault.status}`);
    if (!E164.test(to)) return twilioError(response, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!from && !form.get('MessagingServiceSid')) return twilioError(response, 400, 21603, "A 'From' phone number is required.");
    const body = kind === 'message' ? form.get('Body') ?? '' : form.get('Twiml') ?? form.get('Url') ?? '';
    if (!body) {
      return kind === 'message'
        ? twilioError(response, 400, 21602, 'Message body is required.')
        : twilioError(response, 400, 21205, 'Url parameter is required.');
    }
    const statusCallback = form.get('StatusCallback');
    let key: string | null = null;
    try {
      key = statusCallback ? new URL(statusCallback).searchParams.get(TWILIO_IDEMPOTENCY_PARAM) : null;
    } catch { /* an odd callback URL is the sender's problem */ }
    const accept = () => {
      const r: ReceivedTwilioResource = {
        kind, sid: (kind === 'message' ? 'SM' : 'CA') + randomBytes(16).toString('hex'), accountSid, to, from, body,
        statusCallback, idempotencyKey: key, status: 'queued', authToken: token, createdAt: new Date(),
      };
      received.push(r);
      autoCallbacks(r);
      return r;
    };
    const accepted = !fault || fault.accept ? accept() : null;
    if (fault) await sleep(fault.delayMs);
    if (accepted) sendJson(response, 201, resourceJson(accepted));
    else twilioError(response, 503, 20503, 'Service unavailable');
  };

  const list = (kind: 'message' | 'call', accountSid: string, url: URL, response: ServerResponse) => {
    const to = url.searchParams.get('To');
    const after = url.searchParams.get(kind === 'message' ? 'DateSent>' : 'StartTime>');
    const since = after ? new Date(after).getTime() : Number.NEGATIVE_INFINITY;
    const pageSize = Math.min(1000, Number(url.searchParams.get('PageSize') ?? 50) || 50);
    const items = received
      .filter((r) => r.kind === kind && r.accountSid === accountSid && (!to || r.to === to) && r.createdAt.getTime() >= since)
      .slice(0, pageSize)
      .map(resourceJson);
    const path = `/2010-04-01/Accounts/${accountSid}/${kind === 'message' ? 'Messages' : 'Calls'}.json`;
    sendJson(response, 200, {
      [kind === 'message' ? 'messages' : 'calls']: items,
      end: Math.max(0, items.length - 1), first_page_uri: `${path}?PageSize=${pageSize}&Page=0`, next_page_uri: null,
      page: 0, page_size: pageSize, previous_page_uri: null, start: 0, uri: `${path}?PageSize=${pageSize}&Page=0`,
    });
  };

  const server = httpServer(async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/(Messages|Calls)\.json$/.exec(url.pathname);
    const body = await readBody(request);
    if (!match) return twilioError(response, 404, 20404, 'The requested resource was not found');
    const [, accountSid, collection] = match as unknown as [string, string, 'Messages' | 'Calls'];
    const [user, token] = Buffer.from((request.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8').split(':');
    if (!user || !token || user !== accountSid) return twilioError(response, 401, 20003, 'Authentication Error - invalid username');
    const kind = collection === 'Messages' ? 'message' : 'call';
    if (request.method === 'POST') return create(kind, accountSid, token, new URLSearchParams(body), response);
    if (request.method === 'GET') return list(kind, accountSid, url, response);
    return twilioError(response, 405, 20004, 'Method not allowed');
  });
  base = await listen(server, options.port ?? 0);

  const fake: FakeTwilio = {
    url: base,
    received,
    messages: () => received.filter((r) => r.kind === 'message'),
    calls: () => received.filter((r) => r.kind === 'call'),
    createRequests: 0,
    byKey: (key) => received.filter((r) => r.idempotencyKey === key),
    fail: (count, fault) => faults.push(count, fault),
    sendStatus,
    callbackParams,
    close: () => closeServer(server),
  };
  t?.teardown(() => fake.close());
  return fake;
}
