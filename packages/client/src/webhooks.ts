/**
 * For universities: verify the webhooks leads POSTs (services/leads/src/delivery/worker.ts). They
 * follow Standard Webhooks: `webhook-id`, `webhook-timestamp` (Unix seconds) and
 * `webhook-signature` (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one per live secret while
 * a secret is rotated). The stock `standardwebhooks` library checks the signature and refuses a
 * timestamp more than 5 minutes off; on top, a message id already accepted is refused as a replay.
 */
import { Webhook, WebhookVerificationError as LibraryError } from 'standardwebhooks';

export type Bilingual = { kk: string; ru: string };

/** The body of `lead.created` (docs/partners.md). */
export interface LeadCreatedWebhook {
  type: 'lead.created';
  timestamp: string;
  data: {
    leadId: string;
    createdAt: string;
    university: { id: string; name: Bilingual };
    programme: { id: string; code: string; name: Bilingual } | null;
    /** null once the student's data was erased */
    student: { fullName: string | null; phone: string | null; email: string | null; region: string | null; locale: 'kk' | 'ru'; untScores?: Record<string, number> } | null;
    message: string | null;
  };
}

/** What `POST /v1/leads/partner/webhook-test` sends. */
export interface TestWebhook {
  type: 'webhook.test';
  timestamp: string;
  data: { partnerId: string; universityId: string };
}

export type JooWebhook = LeadCreatedWebhook | TestWebhook;

export type WebhookFailure = 'missing-headers' | 'bad-signature' | 'too-old' | 'too-new' | 'replayed';

/**
 * Why a webhook was refused. Answer 401 to all but `replayed`: that one was accepted before (leads
 * may deliver twice), so answer 2xx and do nothing.
 */
export class WebhookVerificationError extends Error {
  constructor(readonly reason: WebhookFailure, message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

/** Remembers accepted message ids long enough to outlive the timestamp tolerance. */
export interface ReplayGuard {
  /** false when `id` was seen already; otherwise records it */
  firstTime(id: string): boolean;
  /** forget `id` (its processing failed: leads's retry must be accepted) */
  forget(id: string): void;
}

const TOLERANCE_MS = 5 * 60_000;

export function memoryReplayGuard(now: () => number = Date.now): ReplayGuard {
  const seen = new Map<string, number>();
  return {
    firstTime(id) {
      const at = now();
      for (const [key, until] of seen) if (until < at) seen.delete(key);
      if (seen.has(id)) return false;
      seen.set(id, at + 2 * TOLERANCE_MS);
      return true;
    },
    forget: (id) => { seen.delete(id); },
  };
}

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

function plainHeaders(headers: HeaderBag): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [name, value] of entries) {
    const one = Array.isArray(value) ? value[0] : value;
    if (one !== undefined) out[name.toLowerCase()] = one;
  }
  return out;
}

function reasonOf(message: string): WebhookFailure {
  if (/missing/i.test(message)) return 'missing-headers';
  if (/too old/i.test(message)) return 'too-old';
  if (/too new/i.test(message)) return 'too-new';
  return 'bad-signature';
}

export interface WebhookVerifier {
  /**
   * The parsed body when one of the secrets signed it and the id is new; a WebhookVerificationError
   * otherwise. `body` must be the raw bytes as received, not re-serialised JSON.
   */
  verify(body: string | Buffer, headers: HeaderBag): { id: string; payload: JooWebhook };
  /** Processing of `id` failed: let leads's retry of it through. */
  forget(id: string): void;
}

/** `secrets`: the `whsec_…` secrets in use (both during a rotation, until the old one expires). */
export function createWebhookVerifier(options: { secrets: string[]; replays?: ReplayGuard }): WebhookVerifier {
  if (options.secrets.length === 0) throw new Error('createWebhookVerifier needs at least one secret');
  const verifiers = options.secrets.map((s) => new Webhook(s));
  const replays = options.replays ?? memoryReplayGuard();
  return {
    verify(body, headers) {
      const plain = plainHeaders(headers);
      const text = typeof body === 'string' ? body : body.toString('utf8');
      let payload: JooWebhook | undefined;
      let failure: WebhookVerificationError | undefined;
      for (const verifier of verifiers) {
        try {
          payload = verifier.verify(text, plain) as JooWebhook;
          break;
        } catch (error) {
          if (!(error instanceof LibraryError)) throw error;
          const reason = reasonOf(error.message);
          // A bad signature under one secret may verify under the next; a bad timestamp never will.
          failure = new WebhookVerificationError(reason, error.message);
          if (reason !== 'bad-signature') break;
        }
      }
      if (payload === undefined) throw failure ?? new WebhookVerificationError('bad-signature', 'No matching signature found');
      const id = plain['webhook-id']!;
      if (!replays.firstTime(id)) throw new WebhookVerificationError('replayed', `Message ${id} was accepted before`);
      return { id, payload };
    },
    forget: (id) => replays.forget(id),
  };
}
