import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startTelemetry } from '../src/index.js';
import { hasTraceparent } from '../src/telemetry.js';

// One SDK per process: this file runs in its own process under tap.
const exporter = new InMemorySpanExporter();
const telemetry = startTelemetry({ serviceName: 'kit-outgoing-test', spanProcessors: [new SimpleSpanProcessor(exporter)] });
t.teardown(() => telemetry.shutdown());

async function echoServer(t: { teardown: (fn: () => unknown) => void }): Promise<{ url: string; received: IncomingHttpHeaders[] }> {
  const received: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => { received.push(req.headers); res.end('ok'); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

t.test('when a service calls out with fetch inside a span, then the call carries its trace', async (t) => {
  const { url, received } = await echoServer(t);
  const span = trace.getTracer('test').startSpan('work');
  await context.with(trace.setSpan(context.active(), span), () => fetch(url).then((r) => r.text()));
  span.end();
  t.match(received[0]?.traceparent, new RegExp(`^00-${span.spanContext().traceId}-[0-9a-f]{16}-01$`));
});

t.test('when a request already carries a traceparent (the gateway proxy), then it is sent once, unchanged', async (t) => {
  const { url, received } = await echoServer(t);
  const given = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  const span = trace.getTracer('test').startSpan('proxy');
  await context.with(trace.setSpan(context.active(), span), () => fetch(url, { headers: { traceparent: given } }).then((r) => r.text()));
  span.end();
  t.equal(received[0]?.traceparent, given);
});

t.test('when headers are given as undici writes them, then a traceparent among them is found', async (t) => {
  t.equal(hasTraceparent('host: a\r\ntraceparent: 00-x\r\n'), true);
  t.equal(hasTraceparent('host: a\r\n'), false);
  t.equal(hasTraceparent(['host', 'a', 'Traceparent', '00-x']), true);
  t.equal(hasTraceparent(['host', 'a', 'x-traceparent', '00-x']), false);
});
