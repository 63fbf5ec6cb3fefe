import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { serveMetrics, type MetricsServer } from './metrics-server.js';

export interface RunOptions {
  host: string;
  port: number;
  /** Serve `app.metrics` on this port of `host` (metrics-server.ts); the public port has no /metrics. */
  metricsPort?: number;
  /** Runs after the HTTP server has stopped taking requests: stop consumers, relays, pools. */
  onShutdown?: Array<() => Promise<unknown>>;
  /** Give in-flight work this long before exiting anyway. */
  graceMs?: number;
}

const DRAIN_MS = 5_000;

/**
 * Fastify's close waits for every request in flight and every connection to end. One that never
 * finishes (a client that keeps a request open, a handler stuck on a dead peer) must not cost the
 * rest of the shutdown its grace period: after `drainMs` the requests still open are logged and
 * their connections closed.
 */
async function drainHttp(app: FastifyInstance, inFlight: Set<IncomingMessage>, drainMs: number): Promise<void> {
  const closed = app.close();
  // Close only closes the keep-alive connections idle at that moment: one whose request was in
  // flight goes idle afterwards and would hold the server open until its keep-alive timeout.
  const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
  let timer: NodeJS.Timeout | undefined;
  const drained = await Promise.race([
    closed.then(() => true),
    new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), drainMs); }),
  ]);
  clearTimeout(timer);
  clearInterval(sweep);
  if (drained) return;
  app.log.warn({ drainMs, requests: [...inFlight].map((r) => `${r.method} ${r.url}`) },
    'requests still open after the drain period: closing their connections');
  app.server.closeAllConnections();
  await closed;
}

/** The requests a server is answering now, for the drain's log. */
function trackRequests(app: FastifyInstance): Set<IncomingMessage> {
  const inFlight = new Set<IncomingMessage>();
  app.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    inFlight.add(request);
    response.once('close', () => inFlight.delete(request));
  });
  return inFlight;
}

/**
 * Listens and shuts down cleanly on SIGTERM / SIGINT: stop accepting requests, finish those in
 * flight (Fastify's close, at most DRAIN_MS), then the service's own shutdown steps in order. A second signal or
 * the grace period running out exits at once.
 */
export async function runService(app: FastifyInstance, options: RunOptions): Promise<void> {
  const inFlight = trackRequests(app);
  let metrics: MetricsServer | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      app.log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    // Which step hangs is what an operator (or a failing CI run) needs to know.
    let waitingFor = 'the HTTP server to close';
    const force = setTimeout(() => {
      app.log.error({ waitingFor }, 'graceful shutdown timed out');
      process.exit(1);
    }, options.graceMs ?? 10_000);
    force.unref();
    try {
      await drainHttp(app, inFlight, Math.min(DRAIN_MS, (options.graceMs ?? 10_000) / 2));
      // Metrics last: the scraper still sees the shutdown's own counts.
      const metricsServer = metrics;
      const steps = [...(options.onShutdown ?? []), ...(metricsServer ? [() => metricsServer.close()] : [])];
      for (const [i, step] of steps.entries()) {
        waitingFor = `shutdown step ${i + 1} of ${steps.length}`;
        await step();
      }
      app.log.info('stopped');
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'error while shutting down');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  // A launcher that gave us an IPC channel (the test platform) may die without signalling us (a
  // test killed at its timeout): its end of the channel closing is our cue to stop, so no service
  // outlives it holding ports and database connections. The channel itself keeps nothing alive.
  if (process.channel) {
    process.channel.unref();
    process.once('disconnect', () => void stop('launcher gone'));
  }
  process.on('unhandledRejection', (reason) => app.log.error({ err: reason }, 'unhandled rejection'));
  // Before the public port, so a service that answers ready can be scraped.
  if (options.metricsPort !== undefined) metrics = await serveMetrics(app.metrics, { host: options.host, port: options.metricsPort, log: app.log });
  await app.listen({ host: options.host, port: options.port });
}
