import { Counter, type Registry } from 'prom-client';
import type { Queryable } from '@joo/db';
import { localDate as almatyDate } from '@joo/calendar';
import { scrapedGauge } from '@joo/service-kit';
import { countOverduePayouts, countPayoutsInReview } from './store/payouts.js';

const PAYMENT_OUTCOMES = ['succeeded', 'failed', 'suspicious'] as const;

export interface BillingMetrics {
  payments: Counter<'provider' | 'outcome'>;
  ordersCreated: Counter;
  callbacksRejected: Counter<'provider' | 'reason'>;
  payouts: Counter<'provider' | 'outcome'>;
}

/** The domain metrics the dashboards are built against; the names are fixed. "Today" comes from the service's clock. */
export function billingMetrics(registry: Registry, db: { pool: Queryable; clock: () => Date }, providers: readonly string[] = []): BillingMetrics {
  scrapedGauge(registry, 'joo_billing_payouts_overdue',
    'Approved refund payouts not paid yet (pending, sending or review) whose due date (offer 14.7, Asia/Almaty) has passed',
    () => countOverduePayouts(db.pool, almatyDate(db.clock())));
  scrapedGauge(registry, 'joo_billing_payouts_in_review',
    'Refund payouts waiting for a person: unclear whether money moved, or not payable as approved',
    () => countPayoutsInReview(db.pool));
  const payments = new Counter({
    name: 'joo_billing_payments_total', help: 'Payments settled by a provider notice, by provider and outcome (succeeded|failed|suspicious)',
    labelNames: ['provider', 'outcome'], registers: [registry],
  });
  // At zero from the start: increase() cannot see the first event of a series that appears at 1,
  // so the first suspicious payment would never raise JooSuspiciousPayment.
  for (const provider of providers) for (const outcome of PAYMENT_OUTCOMES) payments.inc({ provider, outcome }, 0);
  return {
    payments,
    ordersCreated: new Counter({ name: 'joo_billing_orders_created_total', help: 'Orders placed', registers: [registry] }),
    callbacksRejected: new Counter({
      name: 'joo_billing_callbacks_rejected_total', help: 'Provider callbacks refused, by provider and reason',
      labelNames: ['provider', 'reason'], registers: [registry],
    }),
    payouts: new Counter({
      name: 'joo_billing_refund_payouts_total', help: 'Refund payout attempts, by provider and outcome (paid|retry|review)',
      labelNames: ['provider', 'outcome'], registers: [registry],
    }),
  };
}
