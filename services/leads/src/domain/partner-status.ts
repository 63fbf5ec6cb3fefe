/** What a university reports about a lead; `new` until it says otherwise. */
export const PARTNER_STATUSES = ['contacted', 'enrolled', 'declined'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];
export type LeadStatus = 'new' | PartnerStatus;
