import { Counter, type Registry } from 'prom-client';

/** How a sign-in attempt ended; every outcome is exported from the start, at 0. */
export const LOGIN_OUTCOMES = ['succeeded', 'invalid_credentials', 'suspended', 'offer_acceptance_required', 'device_limit', 'throttled', 'failed'] as const;
export type LoginOutcome = (typeof LOGIN_OUTCOMES)[number];

/** What a password-reset request did; the answer is 202 in every case (no enumeration). */
export const RESET_REQUEST_OUTCOMES = ['sent', 'no_account', 'throttled'] as const;
export type ResetRequestOutcome = (typeof RESET_REQUEST_OUTCOMES)[number];

export interface IdentityMetrics {
  registrations: Counter;
  logins: Counter<'outcome'>;
  passwordResetRequests: Counter<'outcome'>;
}

/** Identity's domain counters on the service's registry (deploy/grafana business dashboard). */
export function identityMetrics(registry: Registry): IdentityMetrics {
  const registrations = new Counter({
    name: 'joo_identity_registrations_total', help: 'Students registered (offer accepted)', registers: [registry],
  });
  const logins = new Counter({
    name: 'joo_identity_logins_total', help: 'Sign-in attempts by outcome', labelNames: ['outcome'] as const, registers: [registry],
  });
  // A labelled counter shows only after its first inc: start every outcome at 0 so rates and
  // alerts see the series from the first scrape.
  for (const outcome of LOGIN_OUTCOMES) logins.inc({ outcome }, 0);
  const passwordResetRequests = new Counter({
    name: 'joo_identity_password_reset_requests_total', help: 'Password-reset requests by outcome (all answered 202)',
    labelNames: ['outcome'] as const, registers: [registry],
  });
  for (const outcome of RESET_REQUEST_OUTCOMES) passwordResetRequests.inc({ outcome }, 0);
  return { registrations, logins, passwordResetRequests };
}

/** The outcome label for an error a login threw (ProblemError codes of usecases/login.ts). */
export function loginOutcomeOf(error: unknown): LoginOutcome {
  const code = (error as { code?: unknown } | null)?.code;
  const status = (error as { status?: unknown } | null)?.status;
  if (code === 'invalid-credentials') return 'invalid_credentials';
  if (code === 'suspended') return 'suspended';
  if (code === 'offer-acceptance-required') return 'offer_acceptance_required';
  if (code === 'device-limit') return 'device_limit';
  if (status === 429) return 'throttled';
  return 'failed';
}
