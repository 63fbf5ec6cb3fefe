/**
 * A partner university's webhook receiver on 127.0.0.1, as a partner's developer would write it
 * with the stock `standardwebhooks` library: it verifies `webhook-id`, `webhook-timestamp` and
 * `webhook-signature` against the secrets it holds and refuses (401) what does not verify. It can
 * be down, slow or failing on demand, and records everything it received.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { eventually } from '../eventually.js';
import { teardownOf, type Teardown } from '../teardown.js';

export type FakePartnerMode =
  /** verifies and answers 200 (401 when the signature does not verify) */
  | { kind: 'ok' }
  /** resets every connection without an answer */
  | { kind: 'down' }
  /** answers `status` (default 503) without looking at the request */
  | { kind: 'failing'; status?: number }
  /** waits `delayMs`, then behaves as ok */
  | { kind: 'slow'; delayMs: number };

export interface ReceivedWebhook {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** the raw body as received */
  body: string;
  /** the verified payload; null when no secret verified it */
  payload: unknown;
  /** indexes (into the secrets at the time) of the secrets whose signature verified */
  verifiedWith: number[];
  /** why verification failed with the first secret, if it did */
  error: string | null;
  /** the status answered; null when the connection was reset */
  answered: number | null;
  receivedAt: Date;
}

export interface FakePartner {
  /** `http://127.0.0.1:<port>/webhooks/joo` */
  url: string;
  received: ReceivedWebhook[];
  setSecrets(secrets: string[]): void;
  setMode(mode: FakePartnerMode): void;
  /** Resolves once `count` webhooks that verified were answered 2xx; rejects after `timeoutMs`. */
  waitForAccepted(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  /** Resolves once `count` requests arrived, whatever happened to them. */
  waitForReceived(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export async function fakePartner(t: Teardown, options: { secrets?: string[]; mode?: FakePartnerMode } = {}): Promise<FakePartner> {
  let secrets = options.secrets ?? [];
  let mode: FakePartnerMode = options.mode ?? { kind: 'ok' };
  const received: ReceivedWebhook[] = [];
  const sockets = new Set<Socket>();

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const body = await readBody(request);
    const headers = { ...request.headers };
    const verifiedWith: number[] = [];
    let error: string | null = null;
    let payload: unknown = null;
    secrets.forEach((secret, i) => {
      try {
        const parsed = new Webhook(secret).verify(body, headers as Record<string, string>);
        verifiedWith.push(i);
        payload = parsed;
      } catch (e) {
        if (i === 0) error = (e as Error).message;
      }
    });
    if (secrets.length === 0) error = 'the fake holds no secret';
    const entry: ReceivedWebhook = {
      id: one(headers['webhook-id']), timestamp: one(headers['webhook-timestamp']), signature: one(headers['webhook-signature']),
      headers, body, payload, verifiedWith, error, answered: null, receivedAt: new Date(),
    };
    received.push(entry);
    const current = mode;
    if (current.kind === 'down') {
      request.socket.destroy();
      return;
    }
    if (current.kind === 'slow') await new Promise((r) => setTimeout(r, current.delayMs));
    const status = current.kind === 'failing' ? current.status ?? 503 : verifiedWith.length > 0 ? 200 : 401;
    entry.answered = status;
    if (!response.destroyed) response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: status < 300 }));
  };

  const server = createServer((request, response) => {
    if (request.method !== 'POST' || !request.url?.startsWith('/webhooks/joo')) {
      response.writeHead(404).end();
      return;
    }
    handle(request, response).catch(() => response.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  // Tried every 10 ms: the delivery tests time how soon one partner is served while another hangs.
  const waitFor = (pick: () => ReceivedWebhook[], count: number, timeoutMs: number, what: string) =>
    eventually(() => {
      const found = pick();
      return found.length >= count && found;
    }, { timeoutMs, intervalMs: 10, message: () => `the fake partner to see ${count} ${what} (it saw ${pick().length})` });

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  teardownOf(t)(close);

  return {
    url: `http://127.0.0.1:${port}/webhooks/joo`,
    received,
    setSecrets: (next) => { secrets = [...next]; },
    setMode: (next) => { mode = next; },
    waitForAccepted: (count, timeoutMs = 5_000) =>
      waitFor(() => received.filter((r) => r.answered !== null && r.answered < 300), count, timeoutMs, 'accepted webhooks'),
    waitForReceived: (count, timeoutMs = 5_000) => waitFor(() => received, count, timeoutMs, 'requests'),
    close,
  };
}
