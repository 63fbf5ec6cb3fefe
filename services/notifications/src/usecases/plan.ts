import type { Queryable } from '@joo/db';
import type { NotificationsContext } from '../context.js';
import { earliestSend, type Channel } from '../domain/quiet-hours.js';
import { chooseLocale, LOCALES, render, type Locale, type Rendered, type Template } from '../domain/templates.js';
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

/** Queues one event's messages to one user, per channel: address, consent, locale and quiet hours decide. */
export async function planForUser(tx: Queryable, ctx: NotificationsContext, p: PlanForUser): Promise<number> {
  const template = templateOf(ctx.templates, p.template);
  const now = ctx.clock();
  const channels = (Object.keys(template.channels) as Channel[]).filter((c) => !p.channels || p.channels.includes(c));
  let queued = 0;
  if (p.email) {
    const rendered = renderIn(template, 'email', p.email.locale, p.vars);
    if (!rendered) return 0;
    const fresh = await insertMessage(tx, {
      dedupeKey: `${p.eventId}:${p.userId}:email`, userId: p.userId, channel: 'email', template: template.name, kind: template.kind,
      locale: rendered.locale, address: p.email.address, subject: rendered.subject, body: rendered.body, notBefore: now,
      sourceEvent: p.eventId, eraseAfterSend: p.email.eraseAfterSend ?? false,
    }, now);
    return fresh ? 1 : 0;
  }
  const recipient = await findRecipient(tx, p.userId);
  if (!recipient || (!recipient.erased && !recipient.email && !recipient.phone)) throw new RecipientUnknownError(p.userId);
  if (recipient.erased) return 0;
  for (const channel of channels) {
    const address = channel === 'email' ? recipient.email : recipient.phone;
    if (!address) continue;
    if (template.kind === 'marketing' && !recipient.consents[channel]) continue;
    const rendered = renderIn(template, channel, recipient.locale, p.vars);
    if (!rendered) continue;
    const fresh = await insertMessage(tx, {
      dedupeKey: `${p.eventId}:${p.userId}:${channel}`, userId: p.userId, channel, template: template.name, kind: template.kind,
      locale: rendered.locale, address, subject: rendered.subject, body: rendered.body,
      notBefore: earliestSend(channel, template.kind, now), sourceEvent: p.eventId,
    }, now);
    if (fresh) queued += 1;
  }
  return queued;
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
  for (const channel of (Object.keys(p.template.channels) as Channel[]).filter((c) => !p.channels || p.channels.includes(c))) {
    const texts = {} as PerLocale;
    for (const wanted of LOCALES) {
      const rendered = renderIn(p.template, channel, wanted, p.vars);
      if (!rendered) break;
      texts[wanted] = rendered;
    }
    if (!texts.kk || !texts.ru) continue;
    total += await fanOut(tx, {
      keyPrefix: p.keyPrefix, channel, template: p.template.name, kind: p.template.kind, texts,
      notBefore: earliestSend(channel, p.template.kind, at), regions: p.regions ?? null, locales: p.locales ?? null,
      broadcastId: p.broadcastId ?? null, sourceEvent: p.sourceEvent ?? null, packageHoldersAt: p.packageHoldersAt ?? null,
    }, now);
  }
  return total;
}
