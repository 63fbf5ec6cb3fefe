import { Counter, type Registry } from 'prom-client';
import { CONTEST_KINDS } from './routes/schemas.js';

export interface ContestsMetrics {
  entries: Counter<'kind'>;
  surveyResponses: Counter<never>;
}

/** The domain counters, on the app's registry. */
export function contestsMetrics(registry: Registry): ContestsMetrics {
  const entries = new Counter({ name: 'joo_contests_entries_total', help: 'Contest entries accepted', labelNames: ['kind'], registers: [registry] });
  // At zero from the start, so the first entry of a kind counts in increase().
  for (const kind of CONTEST_KINDS) entries.inc({ kind }, 0);
  return {
    entries,
    surveyResponses: new Counter({ name: 'joo_contests_survey_responses_total', help: 'Survey responses accepted', registers: [registry] }),
  };
}
