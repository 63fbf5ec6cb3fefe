/**
 * What of a student's data goes to a university when they press "Get consultation" (offer 8.4:
 * "your contact data is passed to the university"), and under which consent.
 */
/** The student's latest scored weekly mock (practice's events). */
export interface MockScores {
  total: number;
  max: number;
  subjects: Array<{ subject: string; score: number; max: number }>;
  finishedAt: string;
}

export interface Contact {
  fullName: string | null;
  email: string | null;
  phone: string | null;
  region: string | null;
  locale: 'kk' | 'ru';
  untScores: Record<string, number> | null;
  offerVersion: number | null;
  crossBorderTransfer: boolean;
  /** the latest scored mock, when practice has told of one */
  mockScores?: MockScores | null;
}

export interface ContactSnapshot {
  fullName: string | null;
  phone: string | null;
  email: string | null;
  region: string | null;
  locale: 'kk' | 'ru';
  /** only when the student chose to share them */
  untScores?: Record<string, number>;
  /** only when the student chose to share them on this press */
  mockScores?: MockScores;
}

/** The consent a transfer happened under, written on the lead and on every ledger row. */
export interface TransferConsent {
  /** offer 8.4: pressing "Get consultation" passes the contact data to the university */
  basis: 'offer-8.4';
  /** the offer version the student accepted, as identity told us */
  offerVersion: number | null;
  /** when the button was pressed */
  givenAt: string;
  /** UNT scores are shared only on the student's explicit choice on that press */
  scoresShared: boolean;
  /** the latest mock scores are shared only on the student's explicit choice on that press */
  mockScoresShared: boolean;
  /** for a university outside Kazakhstan: the student's consent to cross-border transfer */
  crossBorderTransfer?: true;
}

export type SnapshotOutcome =
  | { ok: true; contact: ContactSnapshot; fields: string[]; consent: TransferConsent }
  | { ok: false; reason: 'no-contact-data' | 'cross-border-consent-required' };

/** The snapshot and consent of a new lead, or why it cannot be made. */
export function takeSnapshot(
  contact: Contact,
  options: { shareScores: boolean; shareMockScores?: boolean; universityCountry: string; message: string | null; now: Date },
): SnapshotOutcome {
  if (!contact.phone && !contact.email) return { ok: false, reason: 'no-contact-data' };
  const abroad = options.universityCountry.toUpperCase() !== 'KZ';
  if (abroad && !contact.crossBorderTransfer) return { ok: false, reason: 'cross-border-consent-required' };

  const scores = options.shareScores && contact.untScores && Object.keys(contact.untScores).length > 0 ? contact.untScores : null;
  const mock = options.shareMockScores && contact.mockScores ? contact.mockScores : null;
  const snapshot: ContactSnapshot = {
    fullName: contact.fullName, phone: contact.phone, email: contact.email, region: contact.region, locale: contact.locale,
    ...(scores ? { untScores: { ...scores } } : {}),
    ...(mock ? { mockScores: { ...mock, subjects: mock.subjects.map((s) => ({ ...s })) } } : {}),
  };
  const fields = [
    ...(['fullName', 'phone', 'email', 'region'] as const).filter((f) => snapshot[f] !== null && snapshot[f] !== ''),
    ...(scores ? ['untScores'] : []),
    ...(mock ? ['mockScores'] : []),
    ...(options.message ? ['message'] : []),
  ];
  const consent: TransferConsent = {
    basis: 'offer-8.4', offerVersion: contact.offerVersion, givenAt: options.now.toISOString(), scoresShared: scores !== null, mockScoresShared: mock !== null,
    ...(abroad ? { crossBorderTransfer: true as const } : {}),
  };
  return { ok: true, contact: snapshot, fields, consent };
}
