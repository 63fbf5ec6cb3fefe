import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import type { Registry } from 'prom-client';
import { PROBLEM_CONTENT_TYPE, problemBody } from './problems.js';

/** A service's metrics port when METRICS_PORT is unset: deploy/services.json derives the same. */
export const metricsPortFor = (port: number, metricsPort?: number) => metricsPort ?? port + 1000;

export interface MetricsServer {
  /** The port it listens on (METRICS_PORT=0 picks a free one). */
  port: number;
  close(): Promise<void>;
}

function problem(status: number, code: string, title: string, instance: string): string {
  return JSON.stringify(problemBody({ status, code, title, instance }));
}

/**
 * `GET /metrics` in Prometheus text on a port of its own, for the scraper inside the cluster only:
 * the public port (the gateway's is the internet's) answers 404 there, and a scrape is never
 * rate-limited, logged as traffic or counted as a request. Anything else here is a 404 problem.
 */
export async function serveMetrics(registry: Registry, options: { host: string; port: number; log: FastifyBaseLogger }): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': PROBLEM_CONTENT_TYPE }).end(problem(404, 'not-found', 'Not Found', path ?? '/'));
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(request.method === 'HEAD' ? undefined : text),
      (error: unknown) => {
        // A gauge read from the database failing must not hide the rest; Prometheus marks the scrape failed.
        options.log.error({ err: error }, 'collecting metrics failed');
        response.writeHead(500, { 'content-type': PROBLEM_CONTENT_TYPE }).end(problem(500, 'internal', 'Collecting metrics failed', path));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: options.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  options.log.info({ port }, 'metrics served on their own port');
  return {
    port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
