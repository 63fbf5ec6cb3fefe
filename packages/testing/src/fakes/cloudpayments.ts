/**
 * A local stand-in for CloudPayments Kazakhstan (api.cloudpayments.kz) speaking its wire format:
 * `POST /orders/create` and `POST /payments/refund` with HTTP Basic auth (Public ID : API secret),
 * JSON or form bodies, answers `{Success, Message, Model}`; and, playing the card holder, the Pay and
 * Fail notifications it posts to the merchant — form-encoded by default (or JSON), signed with
 * `Content-HMAC` (base64 HMAC-SHA256 of the body under the API secret) and `X-Content-HMAC` (the
 * same over the URL-decoded body). Merchants answer `{"code":0}`.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { teardownOf, type Teardown } from '../teardown.js';

export interface FakeCloudPaymentsOrder {
  Id: string;
  Number: number;
  Amount: number;
  Currency: string;
  Description: string;
  InvoiceId: string | null;
  AccountId: string | null;
  Url: string;
  /** the TransactionId of its payment, once paid */
  transactionId?: number;
}

export interface FakeCloudPaymentsRefund { TransactionId: number; Amount: number; refundTransactionId: number; JsonData: unknown }

export interface NotifyOptions {
  /** Override the amount sent (decimal tenge), e.g. to test a mismatch. */
  amount?: number | string;
  currency?: string;
  /** Send JSON instead of the default form encoding. */
  json?: boolean;
  /** Sign with this secret instead of the merchant's (a forged notice). */
  secret?: string;
  reason?: string;
  reasonCode?: number;
  /** Send the same TransactionId again (a repeated notice). */
  transactionId?: number;
}

export interface FakeCloudPayments {
  /** `http://127.0.0.1:<port>`: the merchant's CLOUDPAYMENTS_API_URL */
  url: string;
  publicId: string;
  apiSecret: string;
  orders: FakeCloudPaymentsOrder[];
  refunds: FakeCloudPaymentsRefund[];
  /** Requests refused for bad credentials. */
  unauthorized: number;
  /** Where Pay and Fail notifications go: `{base}/pay` and `{base}/fail`. */
  setNotificationBase(url: string): void;
  /** The next `n` refund calls answer Success: false. */
  failRefunds(n: number): void;
  /**
   * Refund calls from now on are held unanswered until the returned release is called (a slow
   * provider); `held` resolves once the first of them has arrived.
   */
  holdRefunds(): { held: Promise<void>; release: () => void };
  /** The card holder paid the order with this InvoiceId: the Pay notification; resolves with the merchant's answer. */
  pay(invoiceId: string, options?: NotifyOptions): Promise<{ status: number; body: unknown; transactionId: number }>;
  /** The card was declined: the Fail notification. */
  decline(invoiceId: string, options?: NotifyOptions): Promise<{ status: number; body: unknown; transactionId: number }>;
  close(): Promise<void>;
}

const hmac = (secret: string, body: string) => createHmac('sha256', secret).update(body, 'utf8').digest('base64');

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (String(request.headers['content-type'] ?? '').includes('application/json')) return text ? JSON.parse(text) : {};
  return Object.fromEntries(new URLSearchParams(text));
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

const pad = (n: number) => String(n).padStart(2, '0');
const cpDateTime = (d: Date) =>
  `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

export async function fakeCloudPayments(t: Teardown, options: { publicId?: string; apiSecret?: string } = {}): Promise<FakeCloudPayments> {
  const publicId = options.publicId ?? 'pk_test_joo';
  const apiSecret = options.apiSecret ?? `cp-secret-${randomUUID()}`;
  const expectedAuth = `Basic ${Buffer.from(`${publicId}:${apiSecret}`).toString('base64')}`;
  const orders: FakeCloudPaymentsOrder[] = [];
  const refunds: FakeCloudPaymentsRefund[] = [];
  let notificationBase = '';
  let refundFailures = 0;
  let refundGate: { arrived: () => void; opened: Promise<void> } | null = null;
  let nextTransaction = 1_000_000;
  let baseUrl = '';

  const server = createServer((request, response) => {
    void (async () => {
      if (request.headers.authorization !== expectedAuth) {
        fake.unauthorized += 1;
        response.writeHead(401).end();
        return;
      }
      const body = await readBody(request);
      if (request.method === 'POST' && request.url === '/orders/create') {
        const amount = Number(body.Amount);
        if (!(amount > 0) || typeof body.Description !== 'string') {
          send(response, 200, { Success: false, Message: 'Amount and Description are required', Model: null });
          return;
        }
        const id = randomUUID().replace(/-/g, '').slice(0, 24);
        const order: FakeCloudPaymentsOrder = {
          Id: id, Number: orders.length + 1, Amount: amount, Currency: String(body.Currency ?? 'RUB'), Description: body.Description,
          InvoiceId: body.InvoiceId ? String(body.InvoiceId) : null, AccountId: body.AccountId ? String(body.AccountId) : null,
          Url: `${baseUrl}/order/${id}`,
        };
        orders.push(order);
        const now = new Date();
        send(response, 200, {
          Success: true, Message: null,
          Model: {
            Id: order.Id, Number: order.Number, Amount: order.Amount, Currency: order.Currency, CurrencyCode: 398, Email: null, Phone: null,
            Description: order.Description, RequireConfirmation: Boolean(body.RequireConfirmation), Url: order.Url,
            CultureName: String(body.CultureName ?? 'ru-RU'), CreatedDate: `/Date(${now.getTime()})/`, CreatedDateIso: now.toISOString().slice(0, 19),
            PaymentDate: null, PaymentDateIso: null, StatusCode: 0, Status: 'Created', InternalId: order.Number,
          },
        });
        return;
      }
      if (request.method === 'POST' && request.url === '/payments/refund') {
        if (refundGate) {
          refundGate.arrived();
          await refundGate.opened;
        }
        const transactionId = Number(body.TransactionId);
        const amount = Number(body.Amount);
        const paid = orders.find((o) => o.transactionId === transactionId);
        if (refundFailures > 0) {
          refundFailures -= 1;
          send(response, 200, { Success: false, Message: 'Temporary error, try again later', Model: null });
          return;
        }
        if (!paid || !(amount > 0) || amount > paid.Amount) {
          send(response, 200, { Success: false, Message: paid ? 'Invalid amount' : 'Transaction not found', Model: null });
          return;
        }
        const refundTransactionId = nextTransaction++;
        refunds.push({ TransactionId: transactionId, Amount: amount, refundTransactionId, JsonData: body.JsonData ?? null });
        send(response, 200, { Success: true, Message: null, Model: { TransactionId: refundTransactionId } });
        return;
      }
      send(response, 404, { Success: false, Message: 'Not found' });
    })().catch((error: Error) => send(response, 500, { Success: false, Message: error.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function notify(kind: 'pay' | 'fail', invoiceId: string, o: NotifyOptions) {
    const order = orders.find((x) => x.InvoiceId === invoiceId);
    if (!order) throw new Error(`the fake has no order with InvoiceId ${invoiceId}`);
    const transactionId = o.transactionId ?? order.transactionId ?? nextTransaction++;
    if (kind === 'pay') order.transactionId = transactionId;
    const amount = o.amount ?? order.Amount.toFixed(2);
    const fields: Record<string, string> = {
      TransactionId: String(transactionId), Amount: String(amount), Currency: o.currency ?? order.Currency,
      PaymentAmount: String(amount), PaymentCurrency: o.currency ?? order.Currency, OperationType: 'Payment',
      InvoiceId: invoiceId, AccountId: order.AccountId ?? '', SubscriptionId: '', Name: 'AIGERIM S', Email: '',
      DateTime: cpDateTime(new Date()), IpAddress: '95.56.1.2', IpCountry: 'KZ', IpCity: 'Алматы',
      CardFirstSix: '400000', CardLastFour: '0002', CardType: 'Visa', CardExpDate: '12/29', Issuer: 'Halyk Bank',
      IssuerBankCountry: 'KZ', Description: order.Description, TestMode: '1',
      ...(kind === 'pay'
        ? { Status: 'Completed', AuthCode: 'A1B2C3', GatewayName: 'Test' }
        : { Status: 'Declined', Reason: o.reason ?? 'InsufficientFunds', ReasonCode: String(o.reasonCode ?? 5051) }),
    };
    const body = o.json ? JSON.stringify(fields) : new URLSearchParams(fields).toString();
    const secret = o.secret ?? apiSecret;
    const decoded = o.json ? body : decodeURIComponent(body.replace(/\+/g, ' '));
    const res = await fetch(`${notificationBase}/${kind}`, {
      method: 'POST',
      headers: {
        'content-type': o.json ? 'application/json' : 'application/x-www-form-urlencoded',
        'content-hmac': hmac(secret, body),
        'x-content-hmac': hmac(secret, decoded),
      },
      body,
    });
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, body: parsed, transactionId };
  }

  let closed = false;
  const fake: FakeCloudPayments = {
    url: baseUrl, publicId, apiSecret, orders, refunds, unauthorized: 0,
    setNotificationBase: (url) => { notificationBase = url.replace(/\/$/, ''); },
    failRefunds: (n) => { refundFailures = n; },
    holdRefunds: () => {
      let arrived!: () => void;
      let release!: () => void;
      const held = new Promise<void>((resolve) => { arrived = resolve; });
      const opened = new Promise<void>((resolve) => { release = resolve; });
      const gate = { arrived, opened };
      refundGate = gate;
      return { held, release: () => { if (refundGate === gate) refundGate = null; release(); } };
    },
    pay: (invoiceId, o = {}) => notify('pay', invoiceId, o),
    decline: (invoiceId, o = {}) => notify('fail', invoiceId, o),
    close: async () => {
      if (closed) return;
      closed = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  teardownOf(t)(fake.close);
  return fake;
}
