import type { Envelope, EventData } from '@joo/contracts';
import { ContestLaunched, EntryWon, LeadDelivered, PaymentSucceeded, RefundApproved, RefundPaid, RefundRejected, RefundSubmitted } from '@joo/contracts';
import type { Queryable } from '@joo/db';
import type { NotificationsContext } from '../context.js';
import { formatDate, formatTenge } from '../domain/format.js';
import type { Locale } from '../domain/templates.js';
import { templateOf } from '../template-store.js';
import { planForAll, planForUser } from '../usecases/plan.js';

type Handler = (event: Envelope, tx: Queryable, ctx: NotificationsContext) => Promise<void>;
const data = <D>(event: Envelope) => event.data as D;
/** Order numbers are shown short: the first block of the id. */
const shortId = (id: string) => id.split('-')[0]!.toUpperCase();

const TAX_NOTE = {
  kk: 'Жүлде жеңімпаздың салық салынатын табысы болуы мүмкін (офертаның 12.1-т.).',
  ru: 'Приз может облагаться налогом как доход победителя (п. 12.1 оферты).',
};

export const otherHandlers: Record<string, Handler> = {
  [PaymentSucceeded.type]: async (event, tx, ctx) => {
    const d = data<EventData<typeof PaymentSucceeded>>(event);
    await planForUser(tx, ctx, { eventId: event.id, userId: d.userId, template: 'payment_received', vars: () => ({ amount: formatTenge(d.amount), order: shortId(d.orderId) }) });
  },
  [RefundPaid.type]: async (event, tx, ctx) => {
    const d = data<EventData<typeof RefundPaid>>(event);
    await planForUser(tx, ctx, { eventId: event.id, userId: d.userId, template: 'refund_paid', vars: () => ({ amount: formatTenge(d.amount), order: shortId(d.orderId) }) });
  },
  [RefundSubmitted.type]: async (event, tx, ctx) => {
    const d = data<EventData<typeof RefundSubmitted>>(event);
    await planForUser(tx, ctx, { eventId: event.id, userId: d.userId, template: 'refund_submitted', vars: () => ({ order: shortId(d.orderId), due: formatDate(d.reviewDueBy) }) });
  },
  [RefundApproved.type]: async (event, tx, ctx) => {
    const d = data<EventData<typeof RefundApproved>>(event);
    await planForUser(tx, ctx, {
      eventId: event.id, userId: d.userId, template: 'refund_approved',
      vars: () => ({ amount: formatTenge(d.amount), order: shortId(d.orderId), due: formatDate(d.payoutDueBy) }),
    });
  },
  [RefundRejected.type]: async (event, tx, ctx) => {
    const d = data<EventData<typeof RefundRejected>>(event);
    await planForUser(tx, ctx, { eventId: event.id, userId: d.userId, template: 'refund_rejected', vars: () => ({ order: shortId(d.orderId), reason: d.reason }) });
  },
  // An announcement to everyone in the contest's regions who agreed to marketing on the channel.
  [ContestLaunched.type]: async (event, tx, ctx) => {
    const d = data<EventData<typeof ContestLaunched>>(event);
    await planForAll(tx, ctx, {
      keyPrefix: `${event.id}:`, template: templateOf(ctx.templates, 'contest_launched'), sourceEvent: event.id,
      regions: d.regions && d.regions.length > 0 ? d.regions : null,
      vars: (l: Locale) => ({ title: d.title[l], description: d.description[l], sponsor: d.sponsor.name, ends: formatDate(d.endsAt) }),
    });
  },
  [EntryWon.type]: async (event, tx, ctx) => {
    const d = data<EventData<typeof EntryWon>>(event);
    await planForUser(tx, ctx, {
      eventId: event.id, userId: d.userId, template: 'contest_won',
      vars: (l: Locale) => ({ title: d.title[l], prize: d.prize, tax: d.taxable ? TAX_NOTE[l] : '' }),
    });
  },
  [LeadDelivered.type]: async (event, tx, ctx) => {
    const d = data<EventData<typeof LeadDelivered>>(event);
    await planForUser(tx, ctx, { eventId: event.id, userId: d.userId, template: 'lead_delivered', vars: (l: Locale) => ({ university: d.universityName[l] }) });
  },
};
