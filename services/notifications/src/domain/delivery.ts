/** Delivery rules: what a provider's answer means and when to try again. */

export type SendOutcome =
  /** the provider took it */
  | { kind: 'accepted'; providerId: string; providerStatus: string }
  /** not taken and it may work later (5xx, 429, connection refused) */
  | { kind: 'retry'; httpStatus: number | null; detail: string }
  /** the outcome is unknown (a timeout): ask the provider before sending again */
  | { kind: 'in-doubt'; detail: string }
  /** the provider refused it for good (4xx) */
  | { kind: 'final'; httpStatus: number; detail: string };

/** HTTP status → what to do; 408 and 429 are worth another try, every other 4xx is final. */
export function classifyStatus(status: number): 'retry' | 'final' {
  if (status >= 500 || status === 408 || status === 429) return 'retry';
  return 'final';
}

/** Delay before attempt n+1 after n failed ones: base·2^(n-1), capped. */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

export type MessageStatus = 'pending' | 'sending' | 'sent' | 'delivered' | 'failed' | 'cancelled';

/** What a provider status callback means for our message; null: no change (an intermediate state). */
export function statusFromProvider(channel: 'email' | 'sms' | 'voice', providerStatus: string): 'sent' | 'delivered' | 'failed' | null {
  if (channel === 'email') {
    if (providerStatus === 'delivered') return 'delivered';
    if (providerStatus === 'bounce' || providerStatus === 'dropped') return 'failed';
    if (providerStatus === 'processed') return 'sent';
    return null;
  }
  if (channel === 'sms') {
    if (providerStatus === 'delivered') return 'delivered';
    if (providerStatus === 'undelivered' || providerStatus === 'failed') return 'failed';
    if (providerStatus === 'sent') return 'sent';
    return null;
  }
  if (providerStatus === 'completed') return 'delivered';
  if (['busy', 'no-answer', 'failed', 'canceled'].includes(providerStatus)) return 'failed';
  return null;
}

const RANK: Record<MessageStatus, number> = { pending: 0, sending: 1, sent: 2, delivered: 3, failed: 3, cancelled: 3 };

/** Callbacks arrive out of order: a status only moves forward (delivered and failed are final). */
export function advances(from: MessageStatus, to: 'sent' | 'delivered' | 'failed'): boolean {
  return RANK[to] > RANK[from];
}
