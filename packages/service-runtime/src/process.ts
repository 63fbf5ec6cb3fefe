import { connectBus, startRelay, type Bus, type Relay } from '@joo/bus';
import { createPool, type Pool } from '@joo/db';
import { runService, startTelemetry, type App } from '@joo/service-kit';
import { deadLetterRoutes } from './dead-letter-routes.js';

/** The variables every service process reads (BaseConfigProperties plus its database). */
export interface ProcessConfig {
  HOST: string;
  PORT: number;
  DATABASE_URL: string;
  NATS_URL: string;
  BUS_PREFIX: string;
  NATS_STREAM_REPLICAS: number;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
}

export interface ProcessContext {
  pool: Pool;
  bus: Bus;
  /** Tells this process's outbox relay that a transaction wrote an event. */
  wakeRelay: () => void;
}

export interface ServiceProcessOptions {
  /** The service name: pool and connection names, its own stream `JOO_<NAME>`. */
  name: string;
  config: ProcessConfig;
  /** Builds the HTTP app; `wakeRelay` is live once the relay has started. */
  build: (context: ProcessContext) => Promise<App>;
  /**
   * Starts what runs beside the HTTP server (consumers, sweepers, delivery workers) and returns how
   * to stop each, in order. Runs before the server listens, so readiness covers them.
   */
  background?: (context: ProcessContext & { app: App; relay: Relay }) => Promise<Array<() => Promise<unknown> | unknown>>;
  poolSize?: number;
}

/**
 * The process wiring every service shares: telemetry, its database pool, the bus with its own
 * stream, the outbox relay, NATS readiness, background workers, then listen and a clean shutdown
 * in reverse order (HTTP, workers, relay, bus, pool, telemetry).
 */
export async function startServiceProcess(options: ServiceProcessOptions): Promise<void> {
  const { name, config } = options;
  const telemetry = startTelemetry({ serviceName: name, endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  const pool = createPool({ connectionString: config.DATABASE_URL, applicationName: name, ...(options.poolSize ? { max: options.poolSize } : {}) });
  const bus = await connectBus({ url: config.NATS_URL, prefix: config.BUS_PREFIX, name, replicas: config.NATS_STREAM_REPLICAS });
  await bus.ensureStream(name);

  // The app is built before the relay (which logs and counts through it); wake-ups before then are moot.
  const started: { relay?: Relay } = {};
  const context: ProcessContext = { pool, bus, wakeRelay: () => started.relay?.wake() };
  const app = await options.build(context);
  const relay = startRelay({ pool, bus, source: name, log: app.log, listen: true, registry: app.metrics });
  started.relay = relay;
  app.addReadinessCheck('nats', async () => {
    if (bus.nc.isClosed()) throw new Error('NATS connection closed');
    await bus.nc.flush();
  });
  const stopBackground = options.background ? await options.background({ ...context, app, relay }) : [];
  // After the background, so the consumers whose handlers a replay needs are running.
  deadLetterRoutes(app, { pool, service: name, onApplied: () => relay.wake() });

  await runService(app, {
    host: config.HOST,
    port: config.PORT,
    onShutdown: [
      ...stopBackground.map((stop) => async () => stop()),
      () => relay.stop(),
      () => bus.close(),
      () => pool.end(),
      () => telemetry.shutdown(),
    ],
  });
}
