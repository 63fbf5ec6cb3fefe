import { Counter, Histogram, type Registry } from 'prom-client';
import type { Pool } from '@joo/db';
import { scrapedGauge } from '@joo/service-kit';

export interface LeadsMetrics {
  created: Counter<string>;
  /** creation of the lead → the partner's 2xx, per partner */
  deliverySeconds: Histogram<'partner'>;
  deliveryFailures: Counter<'partner'>;
}

export function leadsMetrics(registry: Registry, pool: Pool): LeadsMetrics {
  scrapedGauge(registry, 'joo_leads_deliveries_failed', 'Webhook deliveries that ran out of retries and have not been redelivered', async () =>
    (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'failed'`)).rows[0]?.n ?? 0);
  return {
    created: new Counter({ name: 'joo_leads_created_total', help: 'Leads created ("Get consultation" pressed)', registers: [registry] }),
    deliverySeconds: new Histogram({
      name: 'joo_leads_delivery_seconds',
      help: 'Time from a lead\'s creation to its partner\'s 2xx answer',
      labelNames: ['partner'] as const,
      buckets: [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800, 7200, 36_000, 100_000],
      registers: [registry],
    }),
    deliveryFailures: new Counter({
      name: 'joo_leads_delivery_failures_total',
      help: 'Webhook delivery attempts that failed (non-2xx, timeout, refused address)',
      labelNames: ['partner'] as const,
      registers: [registry],
    }),
  };
}
