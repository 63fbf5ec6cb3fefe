import { connectBus, startRelay, type Bus, type Relay } from '@joo/bus';
import { createPool } from '@joo/db';
import { metricsPortFor, runService, startTelemetry, type App } from '@joo/service-kit';
import { deadLetterRoutes } from './dead-letter-routes.js';
import type { OutboxContext } from './outbox-context.js';

/** The variables every service process reads (BaseConfigProperties plus its database). */
export interface ProcessConfig {
  HOST: string;
  PORT: number;
  /** Where Prometheus scrapes; default PORT + 1000. */
  METRICS_PORT?: number;
  DATABASE_URL: string;
  /** Direct PostgreSQL for the relay's session (lock, LISTEN) when DATABASE_URL is a transaction pooler's. */
  DATABASE_DIRECT_URL?: string;
  NATS_URL: string;
  BUS_PREFIX: string;
  NATS_STREAM_REPLICAS: number;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
}

/** What every service's buildApp returns: the HTTP app, and the context its background work shares. */
export interface BuiltService<C> {
  app: App;
  ctx: C;
}

/** What background work runs on besides the service's context. */
export interface BackgroundHost {
  app: App;
  bus: Bus;
  relay: Relay;
}

/** Stops one piece of background work. */
export type Stop = () => Promise<unknown> | unknown;

export interface ServiceProcessOptions<C> {
  /** The service name: pool and connection names, its own stream `JOO_<NAME>`. */
  name: string;
  config: ProcessConfig;
  /**
   * Builds the app and its context on the process's pool; `outbox.onOutboxWrite` wakes the relay
   * (live once the relay has started, which needs the app's logger and metrics).
   */
  build: (outbox: OutboxContext) => Promise<BuiltService<C>>;
  /**
   * Starts what runs beside the HTTP server (consumers, sweepers, delivery workers) on the context
   * build returned, and returns how to stop each, in order. Runs before the server listens, so
   * readiness covers them.
   */
  background?: (ctx: C, host: BackgroundHost) => Promise<Stop[]>;
  poolSize?: number;
}

/**
 * The process wiring every service shares: telemetry, its database pool, the bus with its own
 * stream, the outbox relay, NATS readiness, background workers, then listen and a clean shutdown
 * in reverse order (HTTP, workers, relay, bus, pool, telemetry).
 */
export async function startServiceProcess<C>(options: ServiceProcessOptions<C>): Promise<void> {
  const { name, config } = options;
  const telemetry = startTelemetry({ serviceName: name, endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  const pool = createPool({ connectionString: config.DATABASE_URL, applicationName: name, ...(options.poolSize ? { max: options.poolSize } : {}) });
  const bus = await connectBus({ url: config.NATS_URL, prefix: config.BUS_PREFIX, name, replicas: config.NATS_STREAM_REPLICAS });
  await bus.ensureStream(name);

  // The app is built before the relay (which logs and counts through it); wake-ups before then are moot.
  let wakeRelay = () => {};
  const { app, ctx } = await options.build({ pool, onOutboxWrite: () => wakeRelay() });
  const relay = startRelay({
    pool, bus, source: name, log: app.log, listen: true, registry: app.metrics, sessionConnectionString: config.DATABASE_DIRECT_URL,
  });
  wakeRelay = () => relay.wake();
  app.addReadinessCheck('nats', async () => {
    if (bus.nc.isClosed()) throw new Error('NATS connection closed');
    await bus.nc.flush();
  });
  const stopBackground = options.background ? await options.background(ctx, { app, bus, relay }) : [];
  // After the background, so the consumers whose handlers a replay needs are running.
  deadLetterRoutes(app, { pool, service: name, onApplied: () => relay.wake() });

  await runService(app, {
    host: config.HOST,
    port: config.PORT,
    metricsPort: metricsPortFor(config.PORT, config.METRICS_PORT),
    onShutdown: [
      ...stopBackground.map((stop) => async () => stop()),
      () => relay.stop(),
      () => bus.close(),
      () => pool.end(),
      () => telemetry.shutdown(),
    ],
  });
}
