/**
 * The generated alert rules as Prometheus itself reads them: `promtool check rules` accepts every
 * file, and `promtool test rules` runs deploy/prometheus/tests/ — per alert, a case where it fires
 * (with its labels and rendered text) and one where it stays silent. Those files are generated
 * from deploy/lib/alert-tests.ts, which must hold a case for every alert.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { parse } from 'yaml';
import { alertTests } from '../../deploy/lib/alert-tests.js';
import { rootOf } from './lib/kustomize.js';
import { ensurePrometheus, promtool } from './lib/prometheus-binaries.js';

const ROOT = rootOf(import.meta.url);
const PROMETHEUS = join(ROOT, 'deploy/prometheus');
const ruleFiles = readdirSync(join(PROMETHEUS, 'rules')).filter((f) => f.endsWith('.yaml')).sort();
const testFiles = readdirSync(join(PROMETHEUS, 'tests')).filter((f) => f.endsWith('.test.yaml')).sort();

ensurePrometheus(ROOT);

t.test('when promtool checks the rule files, then every rule is valid', async (t) => {
  const { code, output } = promtool(['check', 'rules', ...ruleFiles.map((f) => join('rules', f))], PROMETHEUS);
  t.equal(code, 0, output);
  t.match(output, /SUCCESS: \d+ rules found/);
});

t.test('when promtool runs the unit tests, then every alert fires on its condition and stays silent otherwise', async (t) => {
  const alerts = ruleFiles.flatMap((f) => (parse(readFileSync(join(PROMETHEUS, 'rules', f), 'utf8')) as { groups: Array<{ rules: Array<{ alert: string }> }> })
    .groups.flatMap((g) => g.rules.map((r) => r.alert)));
  const names = testFiles.flatMap((f) => (parse(readFileSync(join(PROMETHEUS, 'tests', f), 'utf8')) as { tests: Array<{ name: string }> }).tests.map((x) => x.name));
  t.ok(alerts.length >= 18, `${alerts.length} alerts`);
  for (const alert of alerts) {
    t.ok(names.includes(`${alert} fires`), `${alert} has a case where it fires`);
    t.ok(names.includes(`${alert} stays silent`), `${alert} has a case where it stays silent`);
  }
  const { code, output } = promtool(['test', 'rules', ...testFiles.map((f) => join('tests', f))], PROMETHEUS);
  t.equal(code, 0, output);
});

t.test('when an alert\'s threshold is changed, then its unit test fails', async (t) => {
  const copy = mkdtempSync(join(tmpdir(), 'joo-promtool-'));
  t.teardown(() => rmSync(copy, { recursive: true, force: true }));
  cpSync(PROMETHEUS, copy, { recursive: true });
  const file = join(copy, 'rules/platform.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('joo_outbox_backlog) > 100', 'joo_outbox_backlog) > 1000'));
  const { code, output } = promtool(['test', 'rules', 'tests/platform.test.yaml'], copy);
  t.not(code, 0);
  t.match(output, /JooOutboxBacklog fires/);
});

t.test('when an alert has no case, then no test file can be generated for it', async (t) => {
  const rule = { alert: 'JooSomethingNew', labels: { severity: 'page' }, annotations: { runbook_url: 'x' } };
  t.throws(() => alertTests('../rules/x.yaml', [rule]), /alert JooSomethingNew has no unit test: add its case to deploy\/lib\/alert-tests\.ts/);
});
