import type { LeadStatus } from './partner-status.js';
import type { ContactSnapshot } from './snapshot.js';

export interface Bilingual { kk: string; ru: string }

/** The lead as a partner sees it, by webhook and by the pull API alike (docs/partners.md). */
export interface PartnerLeadView {
  leadId: string;
  createdAt: string;
  university: { id: string; name: Bilingual };
  programme: { id: string; code: string; name: Bilingual } | null;
  /** null once the student's data was erased (offer 8.7) */
  student: ContactSnapshot | null;
  message: string | null;
  status: LeadStatus;
  statusNote: string | null;
  statusChangedAt: string | null;
}

export const LEAD_CREATED_EVENT = 'lead.created';

/** The Standard Webhooks body: `{type, timestamp, data}`. */
export function webhookBody(lead: PartnerLeadView, now: Date): string {
  const data = {
    leadId: lead.leadId, createdAt: lead.createdAt, university: lead.university, programme: lead.programme,
    student: lead.student, message: lead.message,
  };
  return JSON.stringify({ type: LEAD_CREATED_EVENT, timestamp: now.toISOString(), data });
}
