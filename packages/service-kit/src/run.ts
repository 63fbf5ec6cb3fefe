import type { FastifyInstance } from 'fastify';

export interface RunOptions {
  host: string;
  port: number;
  /** Runs after the HTTP server has stopped taking requests: stop consumers, relays, pools. */
  onShutdown?: Array<() => Promise<unknown>>;
  /** Give in-flight work this long before exiting anyway. */
  graceMs?: number;
}

/**
 * Listens and shuts down cleanly on SIGTERM / SIGINT: stop accepting requests, finish those in
 * flight (Fastify's close), then the service's own shutdown steps in order. A second signal or
 * the grace period running out exits at once.
 */
export async function runService(app: FastifyInstance, options: RunOptions): Promise<void> {
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
      await app.close();
      const steps = options.onShutdown ?? [];
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
  process.on('unhandledRejection', (reason) => app.log.error({ err: reason }, 'unhandled rejection'));
  await app.listen({ host: options.host, port: options.port });
}
