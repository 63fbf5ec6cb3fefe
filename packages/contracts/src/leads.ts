/**
 * Events published by leads (stream JOO_LEADS, subjects joo.leads.>). Subject: the lead id.
 */
import { Type } from 'typebox';
import { Instant, LocalizedText } from './common.js';
import { defineEvent } from './envelope.js';

/** leads.lead.created.v1 — a student pressed "Get consultation" (offer 8.4). Consumers: notifications. */
export const LeadCreated = defineEvent('leads', 'leads.lead.created.v1', Type.Object({
  leadId: Type.String(),
  userId: Type.String(),
  universityId: Type.String(),
  universityName: LocalizedText,
  programmeId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Instant,
}));

/**
 * leads.lead.delivered.v1 — the university has the student's contact data (its webhook answered
 * 2xx, or it pulled the lead). Consumers: notifications ("your data was sent to …").
 */
export const LeadDelivered = defineEvent('leads', 'leads.lead.delivered.v1', Type.Object({
  leadId: Type.String(),
  userId: Type.String(),
  universityId: Type.String(),
  universityName: LocalizedText,
  via: Type.Union([Type.Literal('webhook'), Type.Literal('pull')]),
  deliveredAt: Instant,
}));

export const leadsEvents = [LeadCreated, LeadDelivered] as const;
