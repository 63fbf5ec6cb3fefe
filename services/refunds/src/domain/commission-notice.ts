import { readFileSync } from 'node:fs';

/** Offer 14.8: the second-tier bank may keep 12–22% of a refund; the student is warned on applying. */
export interface CommissionNotice { minPercent: number; maxPercent: number; kk: string; ru: string }

export const COMMISSION_NOTICE = JSON.parse(
  readFileSync(new URL('../../data/commission-notice.json', import.meta.url), 'utf8'),
) as CommissionNotice;

/** The notice in the language the client asked for (Accept-Language): Kazakh for kk, else Russian. */
export function noticeFor(acceptLanguage: string | undefined): string {
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('kk') ? COMMISSION_NOTICE.kk : COMMISSION_NOTICE.ru;
}
