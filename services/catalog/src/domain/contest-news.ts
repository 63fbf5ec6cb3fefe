/**
 * News made from contest events (offer 10.4: contests are announced on the site). Pure text
 * building in both languages; dates shown as Asia/Almaty calendar dates.
 */
import { localDate as almatyDate } from '@joo/calendar';

export interface Bilingual { kk: string; ru: string }
export interface NewsText { title: Bilingual; summary: Bilingual; body: Bilingual }

export interface LaunchFacts {
  title: Bilingual;
  description: Bilingual;
  sponsor: { name: string };
  prizes: Array<{ name: string; quantity: number }>;
  startsAt: string;
  endsAt: string;
  commitment: string;
}

export interface DrawFacts {
  title: Bilingual;
  entries: number;
  winners: number;
  seed: string;
  commitment: string;
}

/** `2027-03-01` → `01.03.2027`, the way dates are written in both languages. */
export function localDate(instant: string): string {
  const [y, m, d] = almatyDate(new Date(instant)).split('-');
  return `${d}.${m}.${y}`;
}

export function launchNews(c: LaunchFacts): NewsText {
  const from = localDate(c.startsAt);
  const to = localDate(c.endsAt);
  const prizes = c.prizes.map((p) => `${p.name} × ${p.quantity}`).join('; ');
  return {
    title: { kk: `Жаңа конкурс: ${c.title.kk}`, ru: `Новый конкурс: ${c.title.ru}` },
    summary: { kk: `${from} – ${to}. Демеуші: ${c.sponsor.name}.`, ru: `${from} – ${to}. Спонсор: ${c.sponsor.name}.` },
    body: {
      kk: [c.description.kk, `Өтетін уақыты: ${from} – ${to}.`, `Демеуші: ${c.sponsor.name}.`, `Жүлделер: ${prizes}.`,
        `Жеребе тартудың адалдығы: дән хэші (SHA-256) алдын ала жарияланды — ${c.commitment}.`].join('\n\n'),
      ru: [c.description.ru, `Сроки: ${from} – ${to}.`, `Спонсор: ${c.sponsor.name}.`, `Призы: ${prizes}.`,
        `Честность розыгрыша: хэш (SHA-256) зерна опубликован заранее — ${c.commitment}.`].join('\n\n'),
    },
  };
}

export function drawNews(c: DrawFacts): NewsText {
  return {
    title: { kk: `Конкурс қорытындысы: ${c.title.kk}`, ru: `Итоги конкурса: ${c.title.ru}` },
    summary: {
      kk: `Қатысушылар: ${c.entries}, жеңімпаздар: ${c.winners}.`,
      ru: `Участников: ${c.entries}, победителей: ${c.winners}.`,
    },
    body: {
      kk: [`Жеребе тартылды. Қатысушылар: ${c.entries}, жеңімпаздар: ${c.winners}. Жеңімпаздарға жеке хабарланады.`,
        `Тексеру үшін: дән ${c.seed}; оның SHA-256 хэші ${c.commitment} конкурс басталғанда жарияланған.`].join('\n\n'),
      ru: [`Розыгрыш проведён. Участников: ${c.entries}, победителей: ${c.winners}. Победителям сообщат лично.`,
        `Для проверки: зерно ${c.seed}; его хэш SHA-256 ${c.commitment} был опубликован при запуске конкурса.`].join('\n\n'),
    },
  };
}
