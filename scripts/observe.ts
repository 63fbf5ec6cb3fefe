/**
 * pnpm observe [-- --check]
 *
 * Starts Prometheus (Debian's package, installed by scripts/ensure-infra.sh when missing) scraping
 * every service of a running `pnpm start` on its metrics port, with the generated alert rules of
 * deploy/prometheus/rules loaded, prints its URL and runs until Ctrl-C. Its config, data and log
 * live in $JOO_DATA_DIR/prometheus (.data/prometheus).
 * --check: start, wait for one scrape of every target, print each target's health, stop; exit 1
 * when a target is down (is `pnpm start` running?).
 *
 * Environment: PROMETHEUS_PORT (9090), GATEWAY_PORT (as pnpm start), SCRAPE_INTERVAL (15s),
 * JOO_DATA_DIR (<repo>/.data).
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readServiceList } from '@joo/service-list';
import { startPrometheus } from './observe/prometheus.js';
import { scrapeHealth } from './observe/targets.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const check = process.argv.includes('--check');
const port = Number(process.env.PROMETHEUS_PORT ?? 9090);
const gatewayPort = process.env.GATEWAY_PORT ? { gateway: Number(process.env.GATEWAY_PORT) } : {};
const services = readServiceList(ROOT, { ports: gatewayPort });
const interval = process.env.SCRAPE_INTERVAL ?? '15s';

execFileSync('bash', [join(ROOT, 'scripts/ensure-infra.sh'), 'prometheus'], { stdio: ['ignore', 'inherit', 'inherit'] });
const prometheus = await startPrometheus({
  services, port, scrapeInterval: interval,
  dir: join(resolve(ROOT, process.env.JOO_DATA_DIR ?? '.data'), 'prometheus'),
  ruleFiles: [join(ROOT, 'deploy/prometheus/rules/*.yaml')],
});
process.stdout.write(`\nPrometheus is running: ${prometheus.url}\n`
  + `  targets  ${prometheus.url}/targets   (${services.map((s) => `${s.name} :${s.metricsPort}`).join(', ')})\n`
  + `  alerts   ${prometheus.url}/alerts    (deploy/prometheus/rules)\n`
  + `  log      ${prometheus.logFile}\n`);

if (check) {
  const health = await scrapeHealth(prometheus.url, services.length, 60_000);
  for (const h of health) process.stdout.write(`  ${h.service.padEnd(14)} ${h.health}${h.error ? ` (${h.error})` : ''}\n`);
  await prometheus.stop();
  process.exit(health.every((h) => h.health === 'up') ? 0 : 1);
}
process.stdout.write('Press Ctrl-C to stop.\n');
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void prometheus.stop().then(() => process.exit(0)));
process.exit((await prometheus.exited) ?? 1);
