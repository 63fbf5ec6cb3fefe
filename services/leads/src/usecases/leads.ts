import { LeadCreated } from '@joo/contracts';
import type { Queryable } from '@joo/db';
import { ProblemError, problems } from '@joo/service-kit';
import { uuidv7 } from 'uuidv7';
import { emit, type LeadsContext } from '../context.js';
import { dedupWindowStart } from '../domain/dedup.js';
import { takeSnapshot } from '../domain/snapshot.js';
import { findContact } from '../store/contacts.js';
import { insertDelivery } from '../store/deliveries.js';
import { latestMock } from '../store/mock-scores.js';
import { findLead, insertLead, leadsOfUser, recentLead, type Lead } from '../store/leads.js';
import { webhookPartnersOf } from '../store/partners.js';
import { transfersOfUser, type Transfer } from '../store/transfers.js';
import { findUniversity } from '../store/universities.js';
import { studentView } from './views.js';

export interface NewLead {
  universityId: string;
  programmeId?: string;
  message?: string;
  shareScores?: boolean;
  /** pass the latest weekly mock's scores too; default not */
  shareMockScores?: boolean;
}

const REFUSALS = {
  'no-contact-data': 'Your profile has neither a phone number nor an e-mail: add one so the university can reach you',
  'cross-border-consent-required':
    'This university is outside Kazakhstan: passing your data there needs your consent to cross-border transfer (your consents in the profile)',
} as const;

/**
 * "Get consultation" (offer 8.4), inside the idempotency transaction. The same student and
 * university within 30 days give the existing lead (200) instead of a new one (201).
 */
export async function createLead(ctx: LeadsContext, tx: Queryable, userId: string, input: NewLead, now: Date): Promise<{ status: 200 | 201; body: ReturnType<typeof studentView> }> {
  // Locks the student's row: two presses at once (different keys) cannot both create a lead.
  const contact = await findContact(tx, userId, { forUpdate: true });
  if (!contact) {
    throw new ProblemError(409, 'profile-not-synced', 'Conflict',
      'Your registration has not reached this service yet; try again in a few seconds', {}, { 'retry-after': '2' });
  }
  if (contact.erased) throw problems.forbidden('This account\'s personal data was erased', 'account-erased');
  const university = await findUniversity(tx, input.universityId);
  if (!university) throw problems.unprocessable('unknown-university', 'No university with this id is in the directory');
  const programme = input.programmeId === undefined ? null : university.programmes.find((p) => p.id === input.programmeId);
  if (programme === undefined) throw problems.unprocessable('unknown-programme', 'This university has no programme with this id');

  const existing = await recentLead(tx, userId, university.id, dedupWindowStart(now));
  if (existing) return { status: 200, body: studentView(existing, true) };

  const message = input.message?.trim() || null;
  const mockScores = input.shareMockScores ? await latestMock(tx, userId) : null;
  const snapshot = takeSnapshot({ ...contact, mockScores }, {
    shareScores: input.shareScores ?? false, shareMockScores: input.shareMockScores ?? false, universityCountry: university.country, message, now });
  if (!snapshot.ok) throw problems.unprocessable(snapshot.reason, REFUSALS[snapshot.reason]);

  const leadId = uuidv7();
  await insertLead(tx, {
    id: leadId, userId, universityId: university.id, programme, message, contact: snapshot.contact,
    sharedFields: snapshot.fields, consent: snapshot.consent, now,
  });
  for (const partnerId of await webhookPartnersOf(tx, university.id)) {
    await insertDelivery(tx, { id: uuidv7(), leadId, partnerId, now });
  }
  await emit(tx, LeadCreated, leadId, {
    leadId, userId, universityId: university.id, universityName: university.name, programmeId: programme?.id ?? null,
    createdAt: now.toISOString(),
  }, now);
  const lead = (await findLead(tx, leadId))!;
  return { status: 201, body: studentView(lead) };
}

export async function myLeads(ctx: LeadsContext, userId: string, after: [string, string] | undefined, limit: number): Promise<Lead[]> {
  return leadsOfUser(ctx.pool, userId, after, limit);
}

export async function myTransfers(ctx: LeadsContext, userId: string, after: [string, string] | undefined, limit: number): Promise<Transfer[]> {
  return transfersOfUser(ctx.pool, userId, after, limit);
}
