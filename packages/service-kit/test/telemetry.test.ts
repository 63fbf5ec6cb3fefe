import t from 'tap';
import { Writable } from 'node:stream';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createLogger, createService, startTelemetry } from '../src/index.js';

// One SDK per process: this file runs in its own process under tap.
const exporter = new InMemorySpanExporter();
const telemetry = startTelemetry({ serviceName: 'kit-telemetry-test', spanProcessors: [new SimpleSpanProcessor(exporter)] });
t.teardown(() => telemetry.shutdown());

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

t.test('when a request carries a traceparent, then its spans continue that trace and its log lines carry the trace id', async (t) => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
  const app = await createService({ name: 'kit-telemetry-test', logger: createLogger('kit-telemetry-test', 'info', sink) });
  app.get('/work', async (request) => {
    request.log.info('doing the work');
    return { ok: true };
  });
  t.teardown(() => app.close());

  const res = await app.inject({ url: '/work', headers: { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` } });
  t.equal(res.statusCode, 200);
  // The request span ends in onResponse, just after inject resolves (later on a busy machine).
  for (let waited = 0; exporter.getFinishedSpans().length === 0 && waited < 3_000; waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const spans = exporter.getFinishedSpans();
  t.ok(spans.length > 0, 'spans were recorded');
  t.same([...new Set(spans.map((s) => s.spanContext().traceId))], [TRACE_ID], 'every span belongs to the caller’s trace');
  const work = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'doing the work');
  t.equal(work?.traceId, TRACE_ID, 'the log line carries the trace id');
});
