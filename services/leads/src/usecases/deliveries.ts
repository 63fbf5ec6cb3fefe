import { problems } from '@joo/service-kit';
import { write, type LeadsContext } from '../context.js';
import { findDelivery, requeueDelivery, type Delivery } from '../store/deliveries.js';
import { findLead } from '../store/leads.js';
import { findPartner } from '../store/partners.js';

/** An admin sends a failed (or delivered) webhook again: a fresh round of attempts, starting now. */
export async function redeliver(ctx: LeadsContext, id: string): Promise<Delivery> {
  const now = ctx.clock();
  const delivery = await write(ctx, async (tx) => {
    const d = await findDelivery(tx, id, { forUpdate: true });
    if (!d) throw problems.notFound('No such delivery');
    if (d.status === 'pending') throw problems.conflict('delivery-pending', 'This delivery is still being attempted');
    if (d.status === 'cancelled') throw problems.conflict('delivery-cancelled', 'This delivery was cancelled (the student\'s data was erased or the partner stopped webhooks)');
    const lead = await findLead(tx, d.leadId);
    if (!lead || lead.pseudonymised) throw problems.conflict('lead-erased', 'The student\'s data was erased; nothing can be sent');
    const partner = await findPartner(tx, d.partnerId);
    if (!partner?.webhookUrl || partner.disabled) throw problems.conflict('no-webhook', 'The partner has no webhook URL now');
    await requeueDelivery(tx, id, now);
    return (await findDelivery(tx, id))!;
  });
  ctx.onDeliveryDue();
  return delivery;
}
