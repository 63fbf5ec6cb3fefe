import { pino, type DestinationStream, type Logger } from 'pino';
import { trace } from '@opentelemetry/api';

/** Paths never written to logs: credentials, tokens and personal identifiers. */
export const REDACTED_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]',
  '*.password', '*.refreshToken', '*.accessToken', '*.deviceToken', '*.iin', '*.apiKey', '*.secret',
];

/** JSON lines to stdout, or to `destination` (tests read it). */
export function createLogger(service: string, level = 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Every line written inside a traced operation carries its trace id, so logs and traces join.
    mixin() {
      const context = trace.getActiveSpan()?.spanContext();
      return context ? { traceId: context.traceId, spanId: context.spanId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
