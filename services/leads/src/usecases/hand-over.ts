import { LeadDelivered } from '@joo/contracts';
import type { Queryable } from '@joo/db';
import { uuidv7 } from 'uuidv7';
import { emit } from '../context.js';
import { markDelivered, type Lead } from '../store/leads.js';
import type { Partner } from '../store/partners.js';
import { recordTransfer } from '../store/transfers.js';

/**
 * The university now has the student's data (its webhook answered 2xx, or it pulled the lead):
 * the transfer goes into the ledger, and the lead's first delivery by any route publishes
 * leads.lead.delivered.
 */
export async function handOver(tx: Queryable, partner: Partner, lead: Lead, via: 'webhook' | 'pull', now: Date): Promise<void> {
  await recordTransfer(tx, {
    id: uuidv7(), leadId: lead.id, userId: lead.userId, universityId: lead.universityId, universityName: lead.universityName,
    partnerId: partner.id, channel: via, fields: lead.sharedFields, consent: lead.consent, now,
  });
  if (await markDelivered(tx, lead.id, via, now)) {
    await emit(tx, LeadDelivered, lead.id, {
      leadId: lead.id, userId: lead.userId, universityId: lead.universityId, universityName: lead.universityName,
      partnerId: partner.id, via, deliveredAt: now.toISOString(),
    }, now);
  }
}
