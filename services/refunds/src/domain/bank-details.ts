import type { FieldError } from '@joo/service-kit';
import { fullName } from './application.js';
import { bicProblem, normalizeBic } from './bic.js';
import { kazakhIbanProblem, normalizeIban } from './iban.js';

/** The account a returned refund transfer is sent to again: Appendix 1 items 2, 4 and 6, corrected. */
export interface BankDetails { payerFullName: string; accountIban: string; bankBic: string }

export type BankDetailsCheck = { ok: true; value: BankDetails } | { ok: false; errors: FieldError[] };

/**
 * Checks corrected bank details with the application's own rules (Kazakhstan IBAN with its check
 * digits, a Kazakhstan bank's BIC, a full name); the payer's name stays as it was when not given.
 */
export function checkBankDetails(body: Record<string, unknown>, currentName: string): BankDetailsCheck {
  const errors: FieldError[] = [];
  const text = (field: string, value: unknown, problemOf: (t: string) => string | null): string | undefined => {
    if (typeof value !== 'string') { errors.push({ field: `/${field}`, message: 'is required: text' }); return undefined; }
    const problem = problemOf(value);
    if (problem) { errors.push({ field: `/${field}`, message: problem }); return undefined; }
    return value;
  };
  const iban = text('accountIban', body.accountIban, kazakhIbanProblem);
  const bic = text('bankBic', body.bankBic, (t) => bicProblem(t, 'KZ'));
  let name = currentName;
  if (body.payerFullName !== undefined) {
    const parsed = fullName(body.payerFullName, 'the account holder');
    if ('problem' in parsed) errors.push({ field: '/payerFullName', message: parsed.problem });
    else name = parsed.value;
  }
  if (errors.length > 0 || iban === undefined || bic === undefined) return { ok: false, errors };
  return { ok: true, value: { payerFullName: name, accountIban: normalizeIban(iban), bankBic: normalizeBic(bic) } };
}
