/**
 * `pnpm new-service` (scripts/new-service.ts): a new service is one folder plus one line of
 * deploy/services.json, and everything generated from the list picks it up. Run on a temporary
 * copy of the generator's inputs; the repository is never written.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { parseServiceList } from '@joo/service-list';
import { generatedFiles } from '../../deploy/generate.js';
import { scaffold, writeScaffold } from '../../scripts/new-service.js';
import { rootOf } from './lib/kustomize.js';

const ROOT = rootOf(import.meta.url);

t.test('when a service is scaffolded, then it has the shape of every service and the next free port', async (t) => {
  const before = readFileSync(join(ROOT, 'deploy/services.json'), 'utf8');
  const s = scaffold(ROOT, 'study-plans');
  for (const file of ['.env.example', 'package.json', 'tsconfig.json', 'migrations/001_init.sql', 'src/config.ts', 'src/context.ts', 'src/app.ts',
    'src/main.ts', 'src/migrate.ts', 'src/migrations.ts', 'src/seed.ts', 'test/helper.ts', 'test/config.test.ts']) {
    t.ok(s.files.has(`services/study-plans/${file}`), file);
  }
  for (const [path, content] of s.files) t.notMatch(content, /\{\{/, `${path}: every placeholder filled`);
  t.match(s.files.get('services/study-plans/src/app.ts'), /export async function buildApp\(deps: BuildAppDeps\): Promise<BuiltService<StudyPlansContext>>/);
  t.match(s.files.get('services/study-plans/src/migrations.ts'), /export const studyPlansMigrations/);

  const list = parseServiceList(s.serviceList);
  const ports = parseServiceList(before).filter((e) => e.name !== 'gateway').map((e) => e.port);
  t.same(list.find((e) => e.name === 'study-plans'), { name: 'study-plans', port: Math.max(...ports) + 1, metricsPort: Math.max(...ports) + 1001, database: 'joo_study_plans', secrets: [], local: {} });
  t.equal(list.at(-1)!.name, 'gateway', 'the gateway stays last');
  t.equal(s.serviceList.split('\n').length, before.split('\n').length + 1, 'one line more');
  t.equal(readFileSync(join(ROOT, 'deploy/services.json'), 'utf8'), before, 'a scaffold alone writes nothing');
  t.match(s.files.get('services/study-plans/.env.example'), new RegExp(`^PORT=${Math.max(...ports) + 1}$`, 'm'));
  t.match(s.files.get('services/study-plans/.env.example'), new RegExp(`^METRICS_PORT=${Math.max(...ports) + 1001}$`, 'm'), 'its metrics port, as services.json derives it');
});

t.test('when the name is taken, malformed, or its port is, then nothing is scaffolded', async (t) => {
  t.throws(() => scaffold(ROOT, 'billing'), /service billing exists already/);
  t.throws(() => scaffold(ROOT, 'Study_Plans'), /not a service name/);
  t.throws(() => scaffold(ROOT, 'quizzes', { port: 3001 }), /quizzes and identity both want port 3001/);
});

t.test('when the scaffold is written to a copy, then build, compose and Kubernetes include the service', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'joo-new-service-'));
  mkdirSync(join(root, 'services'));
  for (const file of ['deploy/services.json', 'deploy/env-overrides.json', 'deploy/egress.json', 'deploy/otel-collector.yaml']) cpSync(join(ROOT, file), join(root, file));
  for (const s of parseServiceList(readFileSync(join(ROOT, 'deploy/services.json'), 'utf8'))) {
    cpSync(join(ROOT, 'services', s.name, '.env.example'), join(root, 'services', s.name, '.env.example'));
  }
  writeScaffold(root, scaffold(root, 'quizzes', { port: 3099 }));
  const files = generatedFiles(root);
  t.match(files.get('tsconfig.build.json'), /"path": "services\/quizzes"/);
  t.match(files.get('docker-compose.yml'), /quizzes-migrate:/);
  t.match(files.get('docker-compose.yml'), /UPSTREAMS: .*quizzes=http:\/\/quizzes:3099/);
  t.match(files.get('k8s/overlays/prod/databases/databases.yaml'), /name: quizzes-db/);
  t.ok(files.has('k8s/base/services/quizzes.yaml'));
});
