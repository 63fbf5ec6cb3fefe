import type { Channel } from './quiet-hours.js';

/** Whose text goes into the inbox when only the inbox may have it: the e-mail's has a subject and all of it. */
export const INBOX_TEXT_FROM: readonly Channel[] = ['email', 'sms', 'voice'];

export interface Routing {
  /** channels whose message goes to SendGrid / Twilio */
  external: Channel[];
  /** the channel whose text is kept in the in-app inbox instead, or null */
  inbox: Channel | null;
}

/**
 * Offer 3.7: SendGrid and Twilio process personal data outside Kazakhstan, so a user's message goes
 * to them only with the user's cross-border consent. Without it nothing leaves: one copy of the
 * message stays in the in-app inbox (GET /v1/notifications/me), whatever channels it was meant for.
 * `permitted`: the channels the message may use at all (marketing needs the channel's consent);
 * `reachable`: those the user has an address for.
 */
export function routeMessage(p: {
  channels: readonly Channel[];
  crossBorder: boolean;
  permitted: (channel: Channel) => boolean;
  reachable: (channel: Channel) => boolean;
}): Routing {
  const permitted = p.channels.filter(p.permitted);
  if (p.crossBorder) return { external: permitted.filter(p.reachable), inbox: null };
  return { external: [], inbox: INBOX_TEXT_FROM.find((c) => permitted.includes(c)) ?? null };
}
