import {
  context,
  isSpanContextValid,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';
import type { Envelope } from '@joo/contracts';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * The W3C traceparent of the active span, or undefined when there is none. Formatted here rather
 * than through propagation.inject because the API's default propagator is a no-op: a process that
 * registered no SDK propagator would otherwise silently drop the trace at the bus.
 */
export function activeTraceparent(): string | undefined {
  const sc = trace.getSpanContext(context.active());
  if (!sc || !isSpanContextValid(sc)) return undefined;
  return `00-${sc.traceId}-${sc.spanId}-${(sc.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

/** A context whose remote parent is the traceparent, or the root context when it is absent or malformed. */
export function contextFromTraceparent(traceparent: string | undefined): Context {
  const match = traceparent ? TRACEPARENT.exec(traceparent) : null;
  if (!match) return ROOT_CONTEXT;
  const spanContext = { traceId: match[1]!, spanId: match[2]!, traceFlags: parseInt(match[3]!, 16), isRemote: true };
  return isSpanContextValid(spanContext) ? trace.setSpanContext(ROOT_CONTEXT, spanContext) : ROOT_CONTEXT;
}

/**
 * Runs `work` inside a consumer span that continues the event's trace, so what the handler does
 * (queries, further events it enqueues) lands in the publisher's trace.
 */
export function withEventSpan<T>(
  name: string,
  event: Envelope,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = contextFromTraceparent(event.traceparent);
  const span = startEventSpan(name, event, attributes, parent);
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await work(span);
    } finally {
      span.end();
    }
  });
}

/** A consumer span for `event` in the event's trace, for work not run inside it (the caller ends it). */
export function startEventSpan(name: string, event: Envelope, attributes: Attributes, parent = contextFromTraceparent(event.traceparent)): Span {
  return trace.getTracer('@joo/bus').startSpan(
    name,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'nats',
        'messaging.message.id': event.id,
        'joo.event.type': event.type,
        'joo.event.subject': event.subject,
        ...attributes,
      },
    },
    parent,
  );
}

/** Runs `work` with `span` (started by startEventSpan for `event`) active, so what it does is in the event's trace. */
export function withinEventSpan<T>(span: Span, event: Envelope, work: () => Promise<T>): Promise<T> {
  return context.with(trace.setSpan(contextFromTraceparent(event.traceparent), span), work);
}

export function markSpanFailed(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}
