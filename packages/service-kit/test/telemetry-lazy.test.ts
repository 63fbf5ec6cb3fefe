import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';

const run = promisify(execFile);
const kit = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** Which OpenTelemetry SDK modules a fresh process holds after importing the kit and maybe starting telemetry. */
async function sdkLoaded(start: boolean): Promise<string[]> {
  const script = `
    const kit = await import(${JSON.stringify(kit)});
    ${start ? "kit.startTelemetry({ serviceName: 'lazy-test', endpoint: 'http://127.0.0.1:9' });" : ''}
    const { createRequire } = await import('node:module');
    const cache = createRequire(import.meta.url).cache;
    console.log(JSON.stringify(['sdk-node', 'instrumentation-http', 'instrumentation-pg', 'otel'].filter((name) =>
      Object.keys(cache).some((file) => file.includes('/@opentelemetry/' + name + '/') || file.includes('/@fastify/' + name + '/')))));
    process.exit(0);`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, OTEL_TRACES_EXPORTER: 'none' } });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as string[];
}

t.test('when a service runs without a collector, then the OpenTelemetry SDK is never loaded', async (t) => {
  t.same(await sdkLoaded(false), [], 'importing the kit loads none of it');
  t.same(await sdkLoaded(true), ['sdk-node', 'instrumentation-http', 'instrumentation-pg', 'otel'], 'starting telemetry loads all of it');
});
