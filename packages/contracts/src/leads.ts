/** Events published by leads (stream JOO_LEADS, subjects joo.leads.>). */
import { Type } from 'typebox';
import { Instant, LocalizedText } from './common.js';
import { defineEvent } from './envelope.js';

/** The lead and the university it is for: both lead events name them first. */
const LeadRef = {
  leadId: Type.String(),
  userId: Type.String(),
  universityId: Type.String(),
  universityName: LocalizedText,
};

export const LeadCreated = defineEvent('leads', 'leads.lead.created.v1', {
  description: `A student pressed "Get consultation" (offer 8.4) and a new lead was made (not when the press returned an existing lead of the last 30 days). Carries no contact data: the lead's snapshot stays in leads.`,
  subject: 'leadId',
}, Type.Object({
  ...LeadRef,
  programmeId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Instant,
}));

export const LeadDelivered = defineEvent('leads', 'leads.lead.delivered.v1', {
  description: "The university has the student's contact data for the first time: its webhook answered 2xx, or one of its partner accounts pulled the lead. Published once per lead.",
  subject: 'leadId',
}, Type.Object({
  ...LeadRef,
  partnerId: Type.String({ description: 'the partner account that received it' }),
  via: Type.Union([Type.Literal('webhook'), Type.Literal('pull')]),
  deliveredAt: Instant,
}));

export const leadsEvents = [LeadCreated, LeadDelivered] as const;
