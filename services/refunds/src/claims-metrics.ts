import type { Registry } from 'prom-client';
import { localDate } from '@joo/calendar';
import type { Pool } from '@joo/db';
import { scrapedGauge } from '@joo/service-kit';
import { DUE_SOON_DAYS } from './domain/claims.js';
import { countOpenClaimsByDeadline } from './store/claims.js';

/** Claims nearing and past their 90-day answer deadline (offer 13.2), read from the table at each scrape. */
export function claimsMetrics(registry: Registry, db: { pool: Pool; clock: () => Date }): void {
  const counts = () => countOpenClaimsByDeadline(db.pool, localDate(db.clock()), DUE_SOON_DAYS);
  scrapedGauge(registry, 'joo_refunds_claims_due_soon', `Unanswered claims with ${DUE_SOON_DAYS} or fewer calendar days left to answer (offer 13.2)`,
    async () => (await counts()).dueSoon);
  scrapedGauge(registry, 'joo_refunds_claims_overdue', 'Unanswered claims past their answer deadline (90 calendar days, offer 13.2)',
    async () => (await counts()).overdue);
}
