import type { Debtor } from './domain/iso20022/pain001.js';

/** How refund bank transfers are made: the company's account (offer §16) and the codes on each transfer (docs/payments.md). */
export interface BankTransferSettings {
  debtor: Debtor;
  /** КНП */
  purposeCode: string;
  /** КБе */
  beneficiaryCode: string;
  statementMaxBytes: number;
}

/** The offer's own details (§16: ТОО «JOO ANALYTICS», its account at Kaspi Bank); config may replace each. */
export const DEFAULT_BANK_TRANSFERS: BankTransferSettings = {
  debtor: { name: 'ТОО «JOO ANALYTICS»', bin: '200140034039', iban: 'KZ72722S000006805521', bic: 'CASPKZKA', senderCode: '17' },
  purposeCode: '311',
  beneficiaryCode: '19',
  statementMaxBytes: 5 * 1024 * 1024,
};
