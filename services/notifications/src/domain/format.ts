import { localDate, localParts } from '@joo/calendar';
import type { Locale } from './templates.js';

/** 1 234 567 tiyn → "12 345,67 ₸" (whole tenge without the decimals); both locales write it so. */
export function formatTenge(tiyn: number): string {
  const whole = Math.floor(tiyn / 100);
  const rest = tiyn % 100;
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${grouped}${rest ? `,${String(rest).padStart(2, '0')}` : ''}\u00a0₸`;
}

/** An instant or a YYYY-MM-DD date as the Almaty date DD.MM.YYYY. */
export function formatDate(value: string | Date): string {
  const isDate = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
  const [y, m, d] = (isDate ? value : localDate(typeof value === 'string' ? new Date(value) : value)).split('-');
  return `${d}.${m}.${y}`;
}

/** An instant as Almaty "DD.MM.YYYY HH:MM". */
export function formatDateTime(value: string | Date): string {
  const w = localParts(typeof value === 'string' ? new Date(value) : value);
  return `${formatDate(value)} ${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
}

export const pick = (text: { kk: string; ru: string }, locale: Locale): string => text[locale];
