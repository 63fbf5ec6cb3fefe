/**
 * The ownership matrix and a fixed-seed fuzz run of the whole platform through its gateway, on one
 * platform start (ADR 0025, docs/testing.md). `pnpm fuzz` is the long mode.
 */
import t from 'tap';
import { PROPERTY_SEED } from '@joo/testing';
import { coverage, runMatrix } from './lib/matrix.js';
import { fuzzPlatform } from './lib/platform.js';
import { report, runFuzz } from './lib/run.js';

// ≥ 5 000 requests in CI; JOO_FUZZ_REQUESTS changes it for a local run.
const REQUESTS = Number(process.env.JOO_FUZZ_REQUESTS ?? 5_000);

// One platform start (minutes on a loaded machine) plus the run: more than .taprc's 240 s per file.
t.setTimeout(1_200_000);

t.test('every operation: ownership matrix, then fuzzed as student, admin, anonymous and partner', async (t) => {
  const { platform, ops, fixtures } = await fuzzPlatform(t);
  t.ok(ops.length > 100, `${ops.length} operations in the merged OpenAPI`);

  await t.test('every operation with a path id or credentials has an ownership case', async (t) => {
    const { missing, stale } = coverage(ops);
    t.same(missing, [], 'add a case to tests/fuzz/lib/ownership.ts for each (docs/testing.md)');
    t.same(stale, [], 'cases for operations the document no longer has');
  });

  await t.test('another user\'s resources: 404; admin routes: 403', async (t) => {
    const counts = await runMatrix(t, platform.gatewayUrl, ops, fixtures);
    t.comment(`ownership matrix: ${JSON.stringify(counts)}`);
  });

  await t.test(`${REQUESTS} fuzzed requests: no 5xx, every error a problem`, async (t) => {
    const figures = await runFuzz(platform.gatewayUrl, ops, fixtures, { seed: PROPERTY_SEED, requests: REQUESTS, concurrency: 8 });
    t.comment(report(figures, PROPERTY_SEED));
    t.equal(figures.requests, REQUESTS);
    t.equal(Object.keys(figures.byOperation).length, ops.length, 'every operation was fuzzed');
    t.equal(figures.serverErrors, 0, 'no 5xx');
    t.same(figures.failures.map((x) => `#${x.index} ${x.operationId}: ${x.problem}`), [], 'every answer as it should be');
    const health = await fetch(`${platform.gatewayUrl}/health/ready`);
    t.equal(health.status, 200, 'the platform still answers its health check');
  });

  const codes = await platform.stop();
  t.same(Object.values(codes).filter((c) => c !== 0), [], `every process shut down cleanly: ${JSON.stringify(codes)}`);
});
