/**
 * Loaded with `node --import <path>/otel-preload.js dist/main.js`, before anything else: the SDK
 * must patch `http` and `pg` before the service imports them, or their spans (the HTTP client
 * calls, every SQL statement) are missing from traces. Does nothing unless
 * OTEL_EXPORTER_OTLP_ENDPOINT is set. The service name comes from OTEL_SERVICE_NAME, else SERVICE
 * (the container's variable), else the script's folder (`services/<name>/dist/main.js`).
 * startTelemetry in main.ts then finds this SDK and reuses it.
 */
import { basename, dirname } from 'node:path';
import { startTelemetry } from './telemetry.js';

function serviceName(): string {
  const script = process.argv[1];
  const fromPath = script ? basename(dirname(dirname(script))) : '';
  return process.env.OTEL_SERVICE_NAME || process.env.SERVICE || fromPath || 'joo';
}

const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
if (endpoint) startTelemetry({ serviceName: serviceName(), endpoint });
