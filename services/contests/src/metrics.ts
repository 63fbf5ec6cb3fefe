import { Counter, type Registry } from 'prom-client';

export interface ContestsMetrics {
  entries: Counter<'kind'>;
  surveyResponses: Counter<never>;
}

/** The domain counters, on the app's registry. */
export function contestsMetrics(registry: Registry): ContestsMetrics {
  return {
    entries: new Counter({ name: 'joo_contests_entries_total', help: 'Contest entries accepted', labelNames: ['kind'], registers: [registry] }),
    surveyResponses: new Counter({ name: 'joo_contests_survey_responses_total', help: 'Survey responses accepted', registers: [registry] }),
  };
}
