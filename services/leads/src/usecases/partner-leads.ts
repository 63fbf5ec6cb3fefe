import type { Queryable } from '@joo/db';
import { problems } from '@joo/service-kit';
import { write, type LeadsContext } from '../context.js';
import type { PartnerLeadView } from '../domain/payload.js';
import type { PartnerStatus } from '../domain/partner-status.js';
import { findLead, leadsOfUniversity, setStatus, type Lead } from '../store/leads.js';
import type { Partner } from '../store/partners.js';
import { handOver } from './hand-over.js';
import { partnerView } from './views.js';

/** A partner reading a lead receives the student's data; an erased student's lead carries none. */
async function handOverRead(tx: Queryable, partner: Partner, lead: Lead, now: Date): Promise<void> {
  if (!lead.pseudonymised) await handOver(tx, partner, lead, 'pull', now);
}

/** The partner's university's leads, oldest first; a partner never sees another university's. */
export async function pullLeads(
  ctx: LeadsContext, partner: Partner, filter: { since?: Date; after?: [string, string]; limit: number },
): Promise<PartnerLeadView[]> {
  const now = ctx.clock();
  return write(ctx, async (tx) => {
    const leads = await leadsOfUniversity(tx, partner.universityId, filter);
    for (const lead of leads) await handOverRead(tx, partner, lead, now);
    return leads.map(partnerView);
  });
}

async function ownLead(tx: Queryable, partner: Partner, id: string, forUpdate = false): Promise<Lead> {
  const lead = await findLead(tx, id, { forUpdate });
  // Another university's lead answers exactly like a missing one: its existence is not disclosed.
  if (!lead || lead.universityId !== partner.universityId) throw problems.notFound('No such lead');
  return lead;
}

export async function pullLead(ctx: LeadsContext, partner: Partner, id: string): Promise<PartnerLeadView> {
  const now = ctx.clock();
  return write(ctx, async (tx) => {
    const lead = await ownLead(tx, partner, id);
    await handOverRead(tx, partner, lead, now);
    return partnerView(lead);
  });
}

/** The university reports what it did; a note about an erased student is not kept. */
export async function updateStatus(ctx: LeadsContext, partner: Partner, id: string, status: PartnerStatus, note: string | null): Promise<PartnerLeadView> {
  const now = ctx.clock();
  return write(ctx, async (tx) => {
    const lead = await ownLead(tx, partner, id, true);
    await setStatus(tx, id, { status, note: lead.pseudonymised ? null : note, by: partner.id, now });
    return partnerView((await findLead(tx, id))!);
  });
}
