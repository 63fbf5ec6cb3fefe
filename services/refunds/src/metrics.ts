import { Counter, Gauge, type Registry } from 'prom-client';
import type { Pool } from '@joo/db';

export interface RefundsMetrics {
  applications: Counter<'rule'>;
  decisions: Counter<'decision'>;
}

// Deadlines are Asia/Almaty dates (offer 14.6, 14.7): "overdue" is measured on that calendar.
const ALMATY_TODAY = `(now() AT TIME ZONE 'Asia/Almaty')::date`;

/** A gauge read from the database when Prometheus scrapes, so every replica reports the same truth. */
function countingGauge(registry: Registry, pool: Pool, name: string, help: string, sql: string): void {
  new Gauge({
    name, help, registers: [registry],
    async collect() {
      const { rows } = await pool.query<{ n: number }>(sql);
      this.set(rows[0]?.n ?? 0);
    },
  });
}

/** The domain metrics the dashboards and alerts are built against; the names are fixed. */
export function refundsMetrics(registry: Registry, pool: Pool): RefundsMetrics {
  countingGauge(registry, pool, 'joo_refunds_awaiting_review', 'Refund applications submitted and not yet decided',
    `SELECT count(*)::int AS n FROM applications WHERE status = 'submitted'`);
  countingGauge(registry, pool, 'joo_refunds_reviews_overdue', 'Refund applications undecided after their review deadline (10 working days, offer 14.6)',
    `SELECT count(*)::int AS n FROM applications WHERE status = 'submitted' AND review_due_by < ${ALMATY_TODAY}`);
  countingGauge(registry, pool, 'joo_refunds_payouts_overdue', 'Approved refunds billing has not reported paid by their payout deadline (10 banking days, offer 14.7)',
    `SELECT count(*)::int AS n FROM applications WHERE status = 'approved' AND payout_due_by < ${ALMATY_TODAY}`);
  return {
    applications: new Counter({
      name: 'joo_refunds_applications_total', help: 'Refund applications received, by the rule that assessed them (full|prorated|none|manual)',
      labelNames: ['rule'], registers: [registry],
    }),
    decisions: new Counter({
      name: 'joo_refunds_decisions_total', help: 'Refund decisions, by decision (approved|rejected)',
      labelNames: ['decision'], registers: [registry],
    }),
  };
}
