import t from 'tap';
import { context, SpanKind, trace, type SpanContext } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { withTransaction } from '@joo/db';
import { eventually } from '@joo/testing';
import { enqueue } from '../src/outbox.js';
import { startRelay } from '../src/relay.js';
import { startConsumer } from '../src/consumer.js';
import { OrderPlaced, setup } from './helpers.js';

// A real SDK, as a service's otel.ts would register it, so spans have ids and parents.
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
trace.setGlobalTracerProvider(provider);
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
t.teardown(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
});

t.test('when an event is enqueued inside a span, then the consumer handler continues that trace', async (t) => {
  const { db, bus, log, registry } = await setup(t, 'trace');
  const tracer = trace.getTracer('test');
  const { envelope, producer } = await tracer.startActiveSpan('POST /orders', async (span) => {
    const envelope = await withTransaction(db.pool, (tx) =>
      enqueue(tx, 'shop', OrderPlaced, 'o-1', { orderId: 'o-1', amount: 100 }),
    );
    span.end();
    return { envelope, producer: span.spanContext() };
  });
  t.equal(envelope.traceparent, `00-${producer.traceId}-${producer.spanId}-01`, 'the envelope carries the W3C traceparent');

  const relay = startRelay({ pool: db.pool, bus, source: 'shop', log, registry, pollIntervalMs: 60_000 });
  t.teardown(() => relay.stop());
  await relay.drainOnce();
  const stored = await bus.jsm.streams.getMessage(bus.streamName('shop'), { seq: 1 });
  t.equal(stored?.header.get('traceparent'), envelope.traceparent, 'and so does the message header');

  let seen: SpanContext | undefined;
  const consumer = await startConsumer({
    pool: db.pool, bus, consumer: 'billing', source: 'shop', log, registry,
    handle: async () => {
      seen = trace.getActiveSpan()?.spanContext();
    },
  });
  t.teardown(() => consumer.stop());
  await eventually(async () => seen, { message: 'the handler ran' });

  t.equal(seen!.traceId, producer.traceId, 'same trace id in the handler');
  t.not(seen!.spanId, producer.spanId, 'inside a span of its own');
  const span = await eventually(async () =>
    exporter.getFinishedSpans().find((s) => s.name === 'billing process shop.order.placed.v1'), { message: 'the consumer span ended' });
  t.equal(span.kind, SpanKind.CONSUMER);
  t.equal(span.parentSpanContext?.spanId, producer.spanId, 'whose parent is the producer span');
  t.equal(span.attributes['messaging.message.id'], envelope.id);
});
