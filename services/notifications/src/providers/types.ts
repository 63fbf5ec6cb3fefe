import type { SendOutcome } from '../domain/delivery.js';
import type { Channel } from '../domain/quiet-hours.js';
import type { Locale } from '../domain/templates.js';

/** A claimed message as the sender sees it. */
export interface Outgoing {
  id: string;
  channel: Channel;
  address: string;
  locale: Locale;
  subject: string | null;
  body: string;
  /** when the first attempt started: a lookup searches from there */
  firstAttemptAt: Date;
}

export interface Found { providerId: string; providerStatus: string }

/** One provider's side of a channel. */
export interface ChannelSender {
  send(message: Outgoing): Promise<SendOutcome>;
  /**
   * Whether an earlier attempt of `message` reached the provider (asked before sending again when
   * that attempt's outcome is unknown). Throws when the provider cannot be asked now.
   */
  find(message: Outgoing): Promise<Found | null>;
}

export type Senders = Record<Channel, ChannelSender>;

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ERR_CANCELED']);
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Transport errors: refused connections never reached the provider; anything else mid-request may have. */
export function transportOutcome(error: unknown): SendOutcome {
  const e = error as { code?: string; message?: string };
  const detail = `${e.code ?? 'error'}: ${e.message ?? String(error)}`.slice(0, 500);
  if (e.code && NOT_SENT_CODES.has(e.code)) return { kind: 'retry', httpStatus: null, detail };
  if (e.code && TIMEOUT_CODES.has(e.code)) return { kind: 'in-doubt', detail };
  return { kind: 'in-doubt', detail };
}
