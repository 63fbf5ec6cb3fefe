/**
 * A Prometheus configuration that scrapes every service of deploy/services.json on its metrics
 * port: the generated one for Compose (service names as hosts), `pnpm observe`'s for a running
 * `pnpm start`, and the dashboard test's for its platform (127.0.0.1 and the ports they use).
 */
import type { ServiceEntry } from '@joo/service-list';

export interface ScrapeOptions {
  /** Host and port of a service's metrics, e.g. `billing:4003` or `127.0.0.1:4003`. */
  target: (service: Pick<ServiceEntry, 'name' | 'metricsPort'>) => string;
  ruleFiles: string[];
  scrapeInterval?: string;
  evaluationInterval?: string;
}

export function prometheusConfig(services: Array<Pick<ServiceEntry, 'name' | 'metricsPort'>>, options: ScrapeOptions): Record<string, unknown> {
  const interval = options.scrapeInterval ?? '15s';
  return {
    global: { scrape_interval: interval, evaluation_interval: options.evaluationInterval ?? interval },
    rule_files: options.ruleFiles,
    scrape_configs: [{
      job_name: 'joo',
      metrics_path: '/metrics',
      // The services label their series with `service` themselves (as the ServiceMonitor honours).
      honor_labels: true,
      static_configs: services.map((s) => ({ targets: [options.target(s)], labels: { service: s.name, platform: 'joo' } })),
    }],
  };
}
