import { NodeSDK } from '@opentelemetry/sdk-node';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import fastifyOtel from '@fastify/otel';

export interface TelemetryOptions {
  serviceName: string;
  /** OTLP/HTTP endpoint of the collector; without it (and without processors) nothing starts. */
  endpoint?: string | undefined;
  /** For tests: e.g. a SimpleSpanProcessor over an InMemorySpanExporter. */
  spanProcessors?: SpanProcessor[];
}

/** One instance per process; createService registers its plugin so each request gets a span. */
export const fastifyInstrumentation = new fastifyOtel.FastifyOtelInstrumentation({ registerOnInitialization: false });

/**
 * Starts the OpenTelemetry SDK. Call it first in main.ts, before the app is built: http and pg
 * instrumentation patch modules as they load. Returns a shutdown that flushes spans.
 */
export function startTelemetry(options: TelemetryOptions): { shutdown: () => Promise<void> } {
  if (!options.endpoint && !options.spanProcessors?.length) return { shutdown: async () => {} };
  if (options.endpoint) process.env.OTEL_EXPORTER_OTLP_ENDPOINT = options.endpoint;
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    ...(options.spanProcessors ? { spanProcessors: options.spanProcessors } : {}),
    instrumentations: [new HttpInstrumentation(), new PgInstrumentation(), fastifyInstrumentation],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
