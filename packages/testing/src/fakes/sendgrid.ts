/**
 * A local SendGrid: v3 Mail Send (`POST /v3/mail/send`, 202 with `X-Message-Id`), the Email Activity
 * lookup (`GET /v3/messages?query=...`), and the Event Webhook sender, signing as SendGrid does
 * (ECDSA P-256 over timestamp + payload; `X-Twilio-Email-Event-Webhook-Signature` / `-Timestamp`).
 * The real @sendgrid/mail is pointed at it (setDefaultRequest('baseUrl', url) after setApiKey).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Teardown } from '../teardown.js';
import { closeServer, FaultQueue, httpServer, listen, post, readBody, sendJson, sleep, type Fault } from './faults.js';

/** The custom argument a sender puts its own message id in; the fake treats it as the idempotency key. */
export const SENDGRID_IDEMPOTENCY_ARG = 'joo_message_id';

export interface ReceivedEmail {
  /** SendGrid's X-Message-Id */
  messageId: string;
  /** custom_args[joo_message_id], or the Idempotency-Key header, when sent */
  idempotencyKey: string | null;
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string | null;
  customArgs: Record<string, string>;
  receivedAt: Date;
}

export interface SendGridEvent {
  email: string;
  timestamp: number;
  event: 'processed' | 'delivered' | 'deferred' | 'bounce' | 'dropped' | 'open' | 'click' | 'spamreport';
  sg_event_id: string;
  sg_message_id: string;
  [extra: string]: unknown;
}

export interface FakeSendGridOptions {
  port?: number;
  /** Where the Event Webhook posts; events are sent only when set. */
  webhookUrl?: string;
  /** Post `processed` and `delivered` for each accepted mail (batched, like SendGrid). */
  autoEvents?: boolean;
  /** The signing key (PKCS#8 PEM), to keep one public key across restarts; generated when absent. */
  privateKeyPem?: string;
}

export interface FakeSendGrid {
  url: string;
  /** The verification key as SendGrid shows it under Mail Settings: base64 of the DER public key. */
  publicKey: string;
  privateKeyPem: string;
  /** Every accepted mail, in order. */
  received: ReceivedEmail[];
  /** Every request to /v3/mail/send, accepted or not. */
  sendRequests: number;
  /** Accepted mails carrying this idempotency key: more than one means a duplicate went out. */
  byKey(key: string): ReceivedEmail[];
  fail(count: number, fault: Fault): void;
  /** Signs and posts events to the webhook; returns the receiver's status. */
  sendEvents(events: SendGridEvent[], url?: string): Promise<number>;
  /** An event about an accepted mail, with its custom args, as SendGrid would post it. */
  eventFor(mail: ReceivedEmail, event: SendGridEvent['event'], extra?: Record<string, unknown>): SendGridEvent;
  /** The signature headers SendGrid would send for `payload`. */
  sign(payload: string, timestamp?: number): Record<string, string>;
  close(): Promise<void>;
}

const SIGNATURE_HEADER = 'X-Twilio-Email-Event-Webhook-Signature';
const TIMESTAMP_HEADER = 'X-Twilio-Email-Event-Webhook-Timestamp';

type Mail = {
  personalizations?: Array<{ to?: Array<{ email?: string }>; custom_args?: Record<string, string> }>;
  from?: { email?: string };
  subject?: string;
  content?: Array<{ type?: string; value?: string }>;
  custom_args?: Record<string, string>;
};

function mailErrors(mail: Mail): Array<{ message: string; field: string; help: null }> {
  const errors: Array<{ message: string; field: string; help: null }> = [];
  const recipients = (mail.personalizations ?? []).flatMap((p) => p.to ?? []);
  if (recipients.length === 0) errors.push({ message: 'The personalizations field is required and must have at least one personalization.', field: 'personalizations', help: null });
  if (recipients.some((r) => typeof r.email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(r.email))) {
    errors.push({ message: 'Does not contain a valid address.', field: 'personalizations.0.to', help: null });
  }
  if (!mail.from?.email) errors.push({ message: 'The from object must be provided for every email send.', field: 'from', help: null });
  if (!mail.subject) errors.push({ message: 'The subject is required.', field: 'subject', help: null });
  if (!mail.content?.some((c) => c.value)) errors.push({ message: 'Unless a valid template_id is provided, the content parameter is required.', field: 'content', help: null });
  return errors;
}

export async function fakeSendGrid(t: Teardown | null, options: FakeSendGridOptions = {}): Promise<FakeSendGrid> {
  const privateKey: KeyObject = options.privateKeyPem
    ? createPrivateKey(options.privateKeyPem)
    : generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const publicKey = createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64');
  const faults = new FaultQueue();
  const received: ReceivedEmail[] = [];
  let pendingEvents: SendGridEvent[] = [];
  let flushTimer: NodeJS.Timeout | null = null;

  const signPayload = (payload: string, timestamp = Math.floor(Date.now() / 1000)) => ({
    [SIGNATURE_HEADER]: sign('sha256', Buffer.from(String(timestamp) + payload), privateKey).toString('base64'),
    [TIMESTAMP_HEADER]: String(timestamp),
  });

  const eventFor = (mail: ReceivedEmail, event: SendGridEvent['event'], extra: Record<string, unknown> = {}): SendGridEvent => ({
    email: mail.to[0] ?? '',
    timestamp: Math.floor(Date.now() / 1000),
    event,
    sg_event_id: randomBytes(16).toString('base64url'),
    sg_message_id: `${mail.messageId}.filterdrecv-0-0`,
    'smtp-id': `<${mail.messageId}@ismtpd0001p1lon1.sendgrid.net>`,
    ...mail.customArgs,
    ...extra,
  });

  const sendEvents = async (events: SendGridEvent[], url = options.webhookUrl): Promise<number> => {
    if (!url) throw new Error('fake SendGrid: no webhook URL');
    const payload = JSON.stringify(events);
    return post(url, payload, { 'content-type': 'application/json', ...signPayload(payload) });
  };

  // SendGrid posts events in batches, not one request per event.
  const queueEvents = (events: SendGridEvent[]) => {
    pendingEvents.push(...events);
    flushTimer ??= setTimeout(() => {
      flushTimer = null;
      const batch = pendingEvents;
      pendingEvents = [];
      void sendEvents(batch);
    }, 50);
  };

  const accept = (mail: Mail, headers: IncomingMessage['headers']): ReceivedEmail => {
    const customArgs = { ...(mail.custom_args ?? {}), ...(mail.personalizations?.[0]?.custom_args ?? {}) };
    const header = headers['idempotency-key'];
    const record: ReceivedEmail = {
      messageId: randomBytes(16).toString('base64url').slice(0, 22),
      idempotencyKey: customArgs[SENDGRID_IDEMPOTENCY_ARG] ?? (typeof header === 'string' ? header : null),
      to: (mail.personalizations ?? []).flatMap((p) => (p.to ?? []).map((r) => r.email ?? '')),
      from: mail.from?.email ?? '',
      subject: mail.subject ?? '',
      text: mail.content?.find((c) => c.type === 'text/plain')?.value ?? '',
      html: mail.content?.find((c) => c.type === 'text/html')?.value ?? null,
      customArgs,
      receivedAt: new Date(),
    };
    received.push(record);
    if (options.autoEvents && options.webhookUrl) queueEvents([eventFor(record, 'processed'), eventFor(record, 'delivered')]);
    return record;
  };

  const handleSend = async (request: IncomingMessage, response: ServerResponse) => {
    fake.sendRequests += 1;
    const body = await readBody(request);
    if (!/^Bearer \S+/.test(request.headers.authorization ?? '')) {
      sendJson(response, 401, { errors: [{ field: null, message: 'The provided authorization grant is invalid, expired, or revoked', help: null }] });
      return;
    }
    let mail: Mail;
    try {
      mail = JSON.parse(body) as Mail;
    } catch {
      sendJson(response, 400, { errors: [{ field: null, message: 'Bad Request', help: null }] });
      return;
    }
    const fault = faults.take();
    if (fault && 'status' in fault) {
      sendJson(response, fault.status, { errors: [{ field: null, message: fault.message ?? `fault ${fault.status}`, help: null }] });
      return;
    }
    const errors = mailErrors(mail);
    if (errors.length > 0) {
      sendJson(response, 400, { errors });
      return;
    }
    const accepted = !fault || fault.accept ? accept(mail, request.headers) : null;
    if (fault) await sleep(fault.delayMs);
    // Mail Send answers 202 with an empty body; the id is in the header.
    response.writeHead(202, accepted ? { 'x-message-id': accepted.messageId } : {}).end();
  };

  // Email Activity: `query=unique_args['joo_message_id']="<id>"` (the only query form supported here).
  const handleActivity = (url: URL, response: ServerResponse) => {
    const query = url.searchParams.get('query') ?? '';
    const match = /^unique_args\['([^']+)'\]="([^"]*)"$/.exec(query.trim());
    if (!match) {
      sendJson(response, 400, { errors: [{ field: 'query', message: 'invalid query', help: null }] });
      return;
    }
    const [, arg, value] = match;
    const limit = Math.min(1000, Number(url.searchParams.get('limit') ?? 10) || 10);
    const messages = received.filter((m) => m.customArgs[arg!] === value).slice(0, limit).map((m) => ({
      msg_id: m.messageId, from_email: m.from, subject: m.subject, to_email: m.to[0] ?? '',
      status: 'delivered', opens_count: 0, clicks_count: 0, last_event_time: m.receivedAt.toISOString(),
    }));
    sendJson(response, 200, { messages });
  };

  const server = httpServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method === 'POST' && url.pathname === '/v3/mail/send') return handleSend(request, response);
    if (request.method === 'GET' && url.pathname === '/v3/messages') return handleActivity(url, response);
    sendJson(response, 404, { errors: [{ field: null, message: 'resource not found', help: null }] });
  });
  const url = await listen(server, options.port ?? 0);

  const fake: FakeSendGrid = {
    url,
    publicKey,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    received,
    sendRequests: 0,
    byKey: (key) => received.filter((m) => m.idempotencyKey === key),
    fail: (count, fault) => faults.push(count, fault),
    sendEvents,
    eventFor,
    sign: signPayload,
    close: async () => {
      if (flushTimer) clearTimeout(flushTimer);
      await closeServer(server);
    },
  };
  t?.teardown(() => fake.close());
  return fake;
}
