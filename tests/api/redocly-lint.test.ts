import t from 'tap';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SNAPSHOT_FILE } from '../../scripts/openapi/snapshot.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REDOCLY = join(ROOT, 'node_modules/.bin/redocly');

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: Array<{ ruleId: string; severity: string; message: string; location: Array<{ pointer: string }> }>;
}

/** `redocly lint` with the committed redocly.yaml (recommended rules, each exception explained there). */
async function lint(file: string): Promise<LintReport> {
  const run = promisify(execFile)(REDOCLY, ['lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'json'], {
    cwd: ROOT, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }, maxBuffer: 64 * 1024 * 1024,
  });
  // Errors make it exit 1; the report is on stdout either way.
  const { stdout } = await run.catch((error: { stdout: string }) => error);
  return JSON.parse(stdout) as LintReport;
}

const describe = (report: LintReport) => report.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);

t.test('when the merged API description is linted with the recommended rules, then nothing is reported', async (t) => {
  const report = await lint(SNAPSHOT_FILE);
  t.same(describe(report), [], 'no problem (tests/api/openapi-snapshot.test.ts holds the snapshot to the live /docs/json)');
  t.same(report.totals, { errors: 0, warnings: 0, ignored: 0 });
});

t.test('when an operation loses its operationId and security, then the lint reports it', async (t) => {
  const document = JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8'));
  const login = document.paths['/v1/identity/login'].post;
  delete login.operationId;
  delete login.security;
  const file = join(mkdtempSync(join(tmpdir(), 'joo-redocly-')), 'openapi.json');
  writeFileSync(file, JSON.stringify(document));
  const report = await lint(file);
  t.ok(report.problems.some((p) => p.ruleId === 'operation-operationId'), describe(report).join('\n'));
  t.ok(report.problems.some((p) => p.ruleId === 'security-defined'));
});
