import { Counter, type Registry } from 'prom-client';
import { localDate } from '@joo/calendar';
import type { Pool } from '@joo/db';
import { scrapedGauge } from '@joo/service-kit';

export interface RefundsMetrics {
  applications: Counter<'rule'>;
  decisions: Counter<'decision'>;
}

/** The domain metrics the dashboards and alerts are built against; the names are fixed. */
export function refundsMetrics(registry: Registry, db: { pool: Pool; clock: () => Date }): RefundsMetrics {
  const count = async (where: string, params: unknown[] = []) =>
    (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM applications WHERE ${where}`, params)).rows[0]?.n ?? 0;
  // Deadlines are Asia/Almaty dates (offer 14.6, 14.7), "today" comes from the service's clock.
  const today = () => localDate(db.clock());
  scrapedGauge(registry, 'joo_refunds_awaiting_review', 'Refund applications submitted and not yet decided',
    () => count(`status = 'submitted'`));
  scrapedGauge(registry, 'joo_refunds_reviews_overdue', 'Refund applications undecided after their review deadline (10 working days, offer 14.6)',
    () => count(`status = 'submitted' AND review_due_by < $1::date`, [today()]));
  scrapedGauge(registry, 'joo_refunds_payouts_overdue', 'Approved refunds billing has not reported paid by their payout deadline (10 banking days, offer 14.7)',
    () => count(`status = 'approved' AND payout_due_by < $1::date`, [today()]));
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
