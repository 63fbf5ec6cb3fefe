import { createRequire } from 'node:module';
import type { FastifyPluginCallback } from 'fastify';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';

// The SDK and its instrumentations are loaded only when telemetry starts: a service without a
// collector does not carry them (about 16 MB of resident memory each, ADR 0027). They are
// CommonJS, so a synchronous require keeps startTelemetry synchronous for the preload.
const require = createRequire(import.meta.url);

export interface TelemetryOptions {
  serviceName: string;
  /** OTLP/HTTP endpoint of the collector; without it (and without processors) nothing starts. */
  endpoint?: string | undefined;
  /** For tests: e.g. a SimpleSpanProcessor over an InMemorySpanExporter. */
  spanProcessors?: SpanProcessor[];
}

export interface Telemetry {
  shutdown: () => Promise<void>;
}

interface StartedTelemetry extends Telemetry {
  /** The Fastify instrumentation's plugin: createService registers it so each request gets a span. */
  fastifyPlugin: () => FastifyPluginCallback;
}

/**
 * fetch() and undici calls (providers, partners, a service calling itself) get client spans and
 * pass the trace on. A request that already carries a traceparent (the gateway's proxy sets its
 * own) is left alone: a second header would make the pair invalid and start a new trace.
 */
export function hasTraceparent(headers: string | ReadonlyArray<string | string[]>): boolean {
  if (typeof headers === 'string') return /(^|\n)traceparent:/i.test(headers);
  for (let i = 0; i < headers.length; i += 2) if (String(headers[i]).toLowerCase() === 'traceparent') return true;
  return false;
}

// The SDK started by the preload (`node --import …/otel-preload.js`), kept on globalThis so a
// second copy of this module (another resolution path) still finds it.
const STARTED = Symbol.for('joo.telemetry.started');
type Global = typeof globalThis & { [STARTED]?: StartedTelemetry };

/** Whether this process runs the OpenTelemetry SDK (the preload or startTelemetry started it). */
export function isTelemetryStarted(): boolean {
  return (globalThis as Global)[STARTED] !== undefined;
}

/** The Fastify plugin that gives each request a span, when this process runs the SDK. */
export function telemetryFastifyPlugin(): FastifyPluginCallback | undefined {
  return (globalThis as Global)[STARTED]?.fastifyPlugin();
}

/**
 * Starts the OpenTelemetry SDK. Call it first in main.ts, before the app is built: http and pg
 * instrumentation patch modules as they load, so they only see what loads after this (pg loaded
 * earlier by an import is missed: run with the preload for full coverage). When the preload
 * already started the SDK this does nothing more and returns its shutdown. Returns a shutdown
 * that flushes spans.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const started = (globalThis as Global)[STARTED];
  if (started && !options.spanProcessors?.length) return started;
  if (!options.endpoint && !options.spanProcessors?.length) return { shutdown: async () => {} };
  if (options.endpoint) process.env.OTEL_EXPORTER_OTLP_ENDPOINT = options.endpoint;
  // Traces only: metrics are scraped from /metrics (Prometheus) and logs go to stdout.
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
  const { FastifyOtelInstrumentation } = require('@fastify/otel') as typeof import('@fastify/otel');
  const fastifyInstrumentation = new FastifyOtelInstrumentation({ registerOnInitialization: false });
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    ...(options.spanProcessors ? { spanProcessors: options.spanProcessors } : {}),
    instrumentations: [
      new HttpInstrumentation(),
      new PgInstrumentation(),
      new UndiciInstrumentation({ ignoreRequestHook: (request) => hasTraceparent(request.headers) }),
      fastifyInstrumentation,
    ],
  });
  sdk.start();
  let stopping: Promise<void> | undefined;
  const telemetry: StartedTelemetry = {
    shutdown: () => (stopping ??= sdk.shutdown()),
    fastifyPlugin: () => fastifyInstrumentation.plugin(),
  };
  (globalThis as Global)[STARTED] = telemetry;
  return telemetry;
}
