import { Gauge, Registry, Histogram, collectDefaultMetrics } from 'prom-client';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** This service's Prometheus registry: domain code registers its gauges here. */
    metrics: Registry;
  }
}

/**
 * RED metrics per route and process metrics, in `app.metrics`; Prometheus reads them on the
 * service's metrics port (metrics-server.ts), not on its public one.
 */
export function registerMetrics(app: FastifyInstance, service: string, registry = new Registry()): Registry {
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by route and status: rate, errors and duration',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.decorate('metrics', registry);
  app.addHook('onResponse', async (request, reply) => {
    // Unmatched URLs share one label so scanners cannot blow up the series count.
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  return registry;
}

/**
 * A gauge whose value is read when Prometheus scrapes, typically a count from the service's own
 * database: every replica reports the same truth (dashboards combine them with max(), not sum())
 * and a restart loses nothing.
 */
export function scrapedGauge(registry: Registry, name: string, help: string, read: () => Promise<number>): void {
  new Gauge({
    name, help, registers: [registry],
    async collect() {
      this.set(await read());
    },
  });
}
