/**
 * `pnpm fuzz [--requests N] [--seed S] [--concurrency C] [--replay I]`: the long mode of the fuzz
 * (ADR 0025). Starts its own platform (real PostgreSQL and NATS, fresh databases), runs the
 * ownership matrix's coverage check, sends N fuzzed requests (default 20 000) and prints the figures;
 * `--replay I` sends only request I of seed S, as a failure report names it. Exits 1 on any failure.
 */
import { parseArgs } from 'node:util';
import { PROPERTY_SEED } from '@joo/testing';
import { coverage } from './lib/matrix.js';
import { fuzzPlatform } from './lib/platform.js';
import { report, runFuzz } from './lib/run.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { requests: { type: 'string', default: '20000' }, seed: { type: 'string', default: String(PROPERTY_SEED) }, concurrency: { type: 'string', default: '6' }, replay: { type: 'string' } },
});
const seed = Number(values.seed);
const teardowns: Array<() => unknown> = [];
const log = (line: string) => process.stdout.write(`[fuzz] ${line}\n`);

let failed = true;
try {
  log('starting the platform');
  const { platform, ops, fixtures } = await fuzzPlatform({ teardown: (fn) => { teardowns.push(fn); } }, log);
  log(`${ops.length} operations; fixtures made`);
  const { missing } = coverage(ops);
  if (missing.length) log(`operations without an ownership case (tests/fuzz/lib/ownership.ts): ${missing.join(', ')}`);
  const replay = values.replay === undefined ? undefined : Number(values.replay);
  const requests = replay === undefined ? Number(values.requests) : 1;
  const step = Math.max(1, Math.floor(requests / 20));
  const figures = await runFuzz(platform.gatewayUrl, ops, fixtures, {
    seed, requests, concurrency: Number(values.concurrency), ...(replay === undefined ? {} : { from: replay }),
    onProgress: (n) => { if (n % step === 0) log(`${n} / ${requests}`); },
  });
  const health = await fetch(`${platform.gatewayUrl}/health/ready`);
  console.log(report(figures, seed));
  log(`health check after the run: ${health.status}`);
  failed = figures.failures.length > 0 || health.status !== 200;
} finally {
  for (const fn of teardowns.reverse()) await fn();
}
process.exit(failed ? 1 : 0);
