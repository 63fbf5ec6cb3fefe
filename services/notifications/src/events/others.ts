import type { EventRouter } from '@joo/bus';
import { ClaimAnswered, ContestLaunched, EntryWon, LeadDelivered, PaymentSucceeded, RefundApproved, RefundPaid, RefundRejected, RefundSubmitted } from '@joo/contracts';
import type { NotificationsContext } from '../context.js';
import { formatDate, formatTenge } from '../domain/format.js';
import type { Locale } from '../domain/templates.js';
import { templateOf } from '../template-store.js';
import { planForAll, planForUser } from '../usecases/plan.js';

/** Order numbers are shown short: the first block of the id. */
const shortId = (id: string) => id.split('-')[0]!.toUpperCase();

const TAX_NOTE = {
  kk: 'Жүлде жеңімпаздың салық салынатын табысы болуы мүмкін (офертаның 12.1-т.).',
  ru: 'Приз может облагаться налогом как доход победителя (п. 12.1 оферты).',
};

/** Adds the routes of the events of billing, refunds, contests and leads to `router`. */
export function routeOtherEvents(router: EventRouter, ctx: NotificationsContext): EventRouter {
  return router
    .on(PaymentSucceeded, async (d, event, tx) => {
      await planForUser(tx, ctx, { eventId: event.id, userId: d.userId, template: 'payment_received', vars: () => ({ amount: formatTenge(d.amount), order: shortId(d.orderId) }) });
    })
    .on(RefundPaid, async (d, event, tx) => {
      await planForUser(tx, ctx, { eventId: event.id, userId: d.userId, template: 'refund_paid', vars: () => ({ amount: formatTenge(d.amount), order: shortId(d.orderId) }) });
    })
    .on(RefundSubmitted, async (d, event, tx) => {
      await planForUser(tx, ctx, { eventId: event.id, userId: d.userId, template: 'refund_submitted', vars: () => ({ order: shortId(d.orderId), due: formatDate(d.reviewDueBy) }) });
    })
    .on(RefundApproved, async (d, event, tx) => {
      await planForUser(tx, ctx, {
        eventId: event.id, userId: d.userId, template: 'refund_approved',
        vars: () => ({ amount: formatTenge(d.amount), order: shortId(d.orderId), due: formatDate(d.payoutDueBy) }),
      });
    })
    .on(RefundRejected, async (d, event, tx) => {
      await planForUser(tx, ctx, { eventId: event.id, userId: d.userId, template: 'refund_rejected', vars: () => ({ order: shortId(d.orderId), reason: d.reason }) });
    })
    // Offer §13: the answer to a claim reaches the student by e-mail, in their language around the admin's text.
    .on(ClaimAnswered, async (d, event, tx) => {
      await planForUser(tx, ctx, {
        eventId: event.id, userId: d.userId, template: 'claim_answered',
        vars: () => ({ topic: d.subject, received: formatDate(d.receivedAt), answer: d.answer }),
      });
    })
    // An announcement to everyone in the contest's regions who agreed to marketing on the channel.
    .on(ContestLaunched, async (d, event, tx) => {
      await planForAll(tx, ctx, {
        keyPrefix: `${event.id}:`, template: templateOf(ctx.templates, 'contest_launched'), sourceEvent: event.id,
        regions: d.regions && d.regions.length > 0 ? d.regions : null,
        vars: (l: Locale) => ({ title: d.title[l], description: d.description[l], sponsor: d.sponsor.name, ends: formatDate(d.endsAt) }),
      });
    })
    .on(EntryWon, async (d, event, tx) => {
      await planForUser(tx, ctx, {
        eventId: event.id, userId: d.userId, template: 'contest_won',
        vars: (l: Locale) => ({ title: d.title[l], prize: d.prize, tax: d.taxable ? TAX_NOTE[l] : '' }),
      });
    })
    .on(LeadDelivered, async (d, event, tx) => {
      await planForUser(tx, ctx, { eventId: event.id, userId: d.userId, template: 'lead_delivered', vars: (l: Locale) => ({ university: d.universityName[l] }) });
    });
}
