import { readFileSync } from 'node:fs';

/**
 * Offer 14.8, quoted from the offer: the second-tier bank may keep 12–22% of a refund and the
 * Company does not make it good. The student sees it before filing (the assessment), on applying,
 * and again in the approval e-mail (notifications' refund_approved template).
 */
export interface CommissionNotice { clause: string; minPercent: number; maxPercent: number; kk: string; ru: string }

export const COMMISSION_NOTICE = JSON.parse(
  readFileSync(new URL('../../data/commission-notice.json', import.meta.url), 'utf8'),
) as CommissionNotice;

/** The notice in the language the client asked for (Accept-Language): Kazakh for kk, else Russian. */
export function noticeFor(acceptLanguage: string | undefined): string {
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('kk') ? COMMISSION_NOTICE.kk : COMMISSION_NOTICE.ru;
}

/** The notices shown before an application is filed, in both languages. */
export function noticesBeforeFiling(): Array<{ code: 'bank-commission'; clause: string; minPercent: number; maxPercent: number; kk: string; ru: string }> {
  const { clause, minPercent, maxPercent, kk, ru } = COMMISSION_NOTICE;
  return [{ code: 'bank-commission', clause, minPercent, maxPercent, kk, ru }];
}
