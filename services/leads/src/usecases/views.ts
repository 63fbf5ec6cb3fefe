import type { PartnerLeadView } from '../domain/payload.js';
import type { Lead } from '../store/leads.js';

export function partnerView(lead: Lead): PartnerLeadView {
  return {
    leadId: lead.id, createdAt: lead.createdAt, university: { id: lead.universityId, name: lead.universityName },
    programme: lead.programme, student: lead.contact, message: lead.message, status: lead.status, statusNote: lead.statusNote,
    statusChangedAt: lead.statusChangedAt,
  };
}

/** The student's own view: what was sent, where, and what the university did with it. */
export function studentView(lead: Lead, duplicate = false) {
  return {
    leadId: lead.id, status: lead.status, createdAt: lead.createdAt, deliveredAt: lead.deliveredAt,
    university: { id: lead.universityId, name: lead.universityName }, programme: lead.programme,
    sharedFields: lead.sharedFields, duplicate,
  };
}
