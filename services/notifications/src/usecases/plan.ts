import type { Queryable } from '@joo/db';
import type { NotificationsContext } from '../context.js';
import { earliestSend, type Channel } from '../domain/quiet-hours.js';
import { chooseLocale, LOCALES, render, type Locale, type Rendered, type Template } from '../domain/templates.js';
import { INBOX_TEXT_FROM, routeMessage } from '../domain/inbox.js';
import { fanOutInbox, insertInboxMessage } from '../store/inbox.js';
import { findRecipient } from '../store/recipients.js';
import { fanOut, insertMessage, type PerLocale } from '../store/messages.js';
import { templateOf } from '../template-store.js';

/** The user is not known yet (their registration is still on its way): the event is retried later. */
export class RecipientUnknownError extends Error {
  constructor(readonly userId: string) {
    super(`no contact details for user ${userId} yet`);
    this.name = 'RecipientUnknownError';
  }
}

export type Vars = (locale: Locale) => Record<string, string>;

/** The recipients column of each channel's marketing consent. */
const CONSENT_COLUMN: Record<Channel, string> = { email: 'marketing_email', sms: 'marketing_sms', voice: 'marketing_calls' };

/** Variables are taken in the language the text is in (a call read in Russian names the contest in Russian). */
function renderIn(template: Template, channel: Channel, wanted: Locale, vars: Vars): Rendered | null {
  const locale = chooseLocale(template, channel, wanted);
  return locale ? render(template, channel, locale, vars(locale)) : null;
}

export interface PlanForUser {
  /** the event id: with the user and channel, the message's unique key */
  eventId: string;
  userId: string;
  template: string;
  vars: Vars;
  /** only these of the template's channels */
  channels?: Channel[];
  /** an address given by the event (erasure notices go to the address the user named) */
  email?: { address: string; locale: Locale; eraseAfterSend?: boolean };
}

/** Channels in a fixed order (e-mail first), so the inbox copy of an event is the same whichever arrives. */
const channelsOf = (template: Template, only?: Channel[]): Channel[] =>
  INBOX_TEXT_FROM.filter((c) => template.channels[c] && (!only || only.includes(c)));

/**
 * Queues one event's messages to one user, per channel: address, consent, locale and quiet hours
 * decide. Without the cross-border consent (offer 3.7) nothing is queued for the providers: one
 * copy stays in the in-app inbox, and a required service message kept only there is counted.
 */
export async function planForUser(tx: Queryable, ctx: NotificationsContext, p: PlanForUser): Promise<number> {
  const template = templateOf(ctx.templates, p.template);
  const now = ctx.clock();
  const channels = channelsOf(template, p.channels);
  const required = template.required ?? false;
  const recipient = await findRecipient(tx, p.userId);
  if (p.email) {
    // An address the event names (erasure notices): the consent is still the user's, kept in the tombstone.
    const rendered = renderIn(template, 'email', p.email.locale, p.vars);
    if (!rendered) return 0;
    if (!recipient?.crossBorder) return keepInInbox(tx, ctx, template, p, 'email', rendered, now);
    const fresh = await insertMessage(tx, {
      dedupeKey: `${p.eventId}:${p.userId}:email`, userId: p.userId, channel: 'email', template: template.name, kind: template.kind,
      locale: rendered.locale, address: p.email.address, subject: rendered.subject, body: rendered.body, notBefore: now,
      sourceEvent: p.eventId, eraseAfterSend: p.email.eraseAfterSend ?? false, required,
    }, now);
    return fresh ? 1 : 0;
  }
  if (!recipient || (!recipient.erased && !recipient.email && !recipient.phone)) throw new RecipientUnknownError(p.userId);
  if (recipient.erased) return 0;
  const addressOf = (channel: Channel) => (channel === 'email' ? recipient.email : recipient.phone);
  const routing = routeMessage({
    channels, crossBorder: recipient.crossBorder,
    permitted: (c) => template.kind !== 'marketing' || recipient.consents[c],
    reachable: (c) => addressOf(c) !== null,
  });
  if (routing.inbox) {
    const rendered = renderIn(template, routing.inbox, recipient.locale, p.vars);
    return rendered ? keepInInbox(tx, ctx, template, p, routing.inbox, rendered, now) : 0;
  }
  let queued = 0;
  for (const channel of routing.external) {
    const rendered = renderIn(template, channel, recipient.locale, p.vars);
    if (!rendered) continue;
    const fresh = await insertMessage(tx, {
      dedupeKey: `${p.eventId}:${p.userId}:${channel}`, userId: p.userId, channel, template: template.name, kind: template.kind,
      locale: rendered.locale, address: addressOf(channel)!, subject: rendered.subject, body: rendered.body,
      notBefore: earliestSend(channel, template.kind, now), sourceEvent: p.eventId, required,
    }, now);
    if (fresh) queued += 1;
  }
  return queued;
}

/** The event's message stays in the user's inbox only; a required one kept there is counted (it reached no phone or mailbox). */
async function keepInInbox(
  tx: Queryable, ctx: NotificationsContext, template: Template, p: PlanForUser, channel: Channel, rendered: Rendered, now: Date,
): Promise<number> {
  const fresh = await insertInboxMessage(tx, {
    dedupeKey: `${p.eventId}:${p.userId}:inbox`, userId: p.userId, channel, template: template.name, kind: template.kind, required: template.required ?? false,
    locale: rendered.locale, subject: rendered.subject, body: rendered.body, sourceEvent: p.eventId,
  }, now);
  if (fresh && template.required) ctx.metrics.requiredInboxOnly(template.name);
  return fresh ? 1 : 0;
}

export interface PlanForAll {
  /** unique per fan-out (`<event id>:` or `broadcast:<id>:`) */
  keyPrefix: string;
  template: Template;
  vars: Vars;
  channels?: Channel[];
  regions?: string[] | null;
  locales?: Locale[] | null;
  /** when it may go at the earliest (a broadcast's scheduleAt); quiet hours are applied on top */
  at?: Date;
  broadcastId?: string | null;
  sourceEvent?: string | null;
  /** only students in the course time of a package in force at this instant */
  packageHoldersAt?: Date | null;
}

/** Queues a message to every live recipient (of the audience) per channel; returns how many. */
export async function planForAll(tx: Queryable, ctx: NotificationsContext, p: PlanForAll): Promise<number> {
  const now = ctx.clock();
  const at = p.at && p.at > now ? p.at : now;
  let total = 0;
  const channels = channelsOf(p.template, p.channels);
  const textsOf = (channel: Channel): PerLocale | null => {
    const texts = {} as PerLocale;
    for (const wanted of LOCALES) {
      const rendered = renderIn(p.template, channel, wanted, p.vars);
      if (!rendered) return null;
      texts[wanted] = rendered;
    }
    return texts;
  };
  for (const channel of channels) {
    const texts = textsOf(channel);
    if (!texts) continue;
    total += await fanOut(tx, {
      keyPrefix: p.keyPrefix, channel, template: p.template.name, kind: p.template.kind, texts,
      notBefore: earliestSend(channel, p.template.kind, at), regions: p.regions ?? null, locales: p.locales ?? null,
      broadcastId: p.broadcastId ?? null, sourceEvent: p.sourceEvent ?? null, required: p.template.required ?? false, packageHoldersAt: p.packageHoldersAt ?? null,
    }, now);
  }
  // Offer 3.7: those without the cross-border consent get it in the inbox only, once, in the best channel's text.
  const inboxChannel = channels.find((c) => textsOf(c) !== null);
  if (inboxChannel) {
    const kept = await fanOutInbox(tx, {
      keyPrefix: p.keyPrefix, channel: inboxChannel, template: p.template.name, kind: p.template.kind, required: p.template.required ?? false, texts: textsOf(inboxChannel)!,
      marketingConsents: channels.map((c) => CONSENT_COLUMN[c]), regions: p.regions ?? null, locales: p.locales ?? null,
      broadcastId: p.broadcastId ?? null, sourceEvent: p.sourceEvent ?? null, packageHoldersAt: p.packageHoldersAt ?? null,
    }, now);
    if (kept > 0 && p.template.required) ctx.metrics.requiredInboxOnly(p.template.name, kept);
    total += kept;
  }
  return total;
}
