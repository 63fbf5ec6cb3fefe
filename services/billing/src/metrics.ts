import { Counter, type Registry } from 'prom-client';

export interface BillingMetrics {
  payments: Counter<'provider' | 'outcome'>;
  ordersCreated: Counter;
  callbacksRejected: Counter<'provider' | 'reason'>;
  payouts: Counter<'provider' | 'outcome'>;
}

/** The domain metrics the dashboards are built against; the names are fixed. */
export function billingMetrics(registry: Registry): BillingMetrics {
  return {
    payments: new Counter({
      name: 'joo_billing_payments_total', help: 'Payments settled by a provider notice, by provider and outcome (succeeded|failed|suspicious)',
      labelNames: ['provider', 'outcome'], registers: [registry],
    }),
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
