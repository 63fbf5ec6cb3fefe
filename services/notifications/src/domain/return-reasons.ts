import type { Locale } from './templates.js';

/** ISO 20022 ExternalReturnReason1Code values a bank gives for a refund transfer it sent back, in words the student understands. */
const REASONS: Record<string, Record<Locale, string>> = {
  AC01: { ru: 'неверный номер счёта', kk: 'шот нөмірі қате' },
  AC03: { ru: 'неверный счёт получателя', kk: 'алушының шоты қате' },
  AC04: { ru: 'счёт закрыт', kk: 'шот жабылған' },
  AC06: { ru: 'счёт заблокирован', kk: 'шот бұғатталған' },
  AG01: { ru: 'операция по счёту запрещена', kk: 'шот бойынша операцияға тыйым салынған' },
  BE01: { ru: 'ФИО не совпадает с владельцем счёта', kk: 'аты-жөні шот иесіне сәйкес келмейді' },
  RC01: { ru: 'неверный БИК банка', kk: 'банктің БСК-сы қате' },
};

const OTHER: Record<Locale, string> = { ru: 'реквизиты не подошли', kk: 'деректемелер сәйкес келмеді' };

export function returnReasonText(code: string, locale: Locale): string {
  return (REASONS[code] ?? OTHER)[locale];
}
