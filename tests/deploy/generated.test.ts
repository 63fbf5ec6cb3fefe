import { mkdtempSync, cpSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { generatedFiles, staleFiles } from '../../deploy/generate.js';
import { rootOf } from './lib/kustomize.js';

const ROOT = rootOf(import.meta.url);

t.test('when the generator runs, then the committed deployment files are what it writes', async (t) => {
  t.same(staleFiles(ROOT), [], 'run `pnpm exec tsx deploy/generate.ts` and commit the result');
});

t.test('when a service is added to services.json, then it appears in compose, Prometheus and Kubernetes', async (t) => {
  // A copy of the inputs with one more service, so the real files stay untouched.
  const root = mkdtempSync(join(tmpdir(), 'joo-generate-'));
  for (const dir of ['deploy', 'services/identity', 'services/gateway']) mkdirSync(join(root, dir), { recursive: true });
  cpSync(join(ROOT, 'deploy/env-overrides.json'), join(root, 'deploy/env-overrides.json'));
  cpSync(join(ROOT, 'deploy/egress.json'), join(root, 'deploy/egress.json'));
  cpSync(join(ROOT, 'deploy/otel-collector.yaml'), join(root, 'deploy/otel-collector.yaml'));
  for (const s of ['identity', 'gateway']) cpSync(join(ROOT, 'services', s, '.env.example'), join(root, 'services', s, '.env.example'));
  mkdirSync(join(root, 'services/quizzes'));
  writeFileSync(join(root, 'services/quizzes/.env.example'), 'HOST=127.0.0.1\nPORT=3009\nDATABASE_URL=postgres://postgres@127.0.0.1:5432/joo_quizzes\n# signs links\nLINK_SECRET=\nPAGE_SIZE=20\n');
  writeFileSync(join(root, 'deploy/services.json'), JSON.stringify([
    { name: 'identity', port: 3001, database: 'joo_identity' }, { name: 'quizzes', port: 3009, database: 'joo_quizzes' },
    { name: 'gateway', port: 8080, database: null },
  ]));
  const files = generatedFiles(root);
  t.match(files.get('docker-compose.yml'), /quizzes-migrate:/);
  t.match(files.get('docker-compose.yml'), /LINK_SECRET: \$\{JOO_QUIZZES_LINK_SECRET:-\}/);
  t.match(files.get('docker-compose.yml'), /UPSTREAMS: identity=http:\/\/identity:3001,quizzes=http:\/\/quizzes:3009/);
  t.match(files.get('deploy/prometheus/prometheus.yml'), /quizzes:4009/, 'scraped on its metrics port');
  t.match(files.get('k8s/base/services/quizzes.yaml'), /name: quizzes-secrets\s+key: LINK_SECRET/);
  t.match(files.get('k8s/overlays/prod/databases/databases.yaml'), /name: quizzes-db/);
  t.match(files.get('k8s/base/services/kustomization.yaml'), /- quizzes.yaml/);

  writeFileSync(join(root, 'services/quizzes/.env.example'), 'PORT=3009\nPARTNER_URL=http://127.0.0.1:9999\n');
  t.throws(() => generatedFiles(root), /quizzes: PARTNER_URL=http:\/\/127\.0\.0\.1:9999 points at a laptop/, 'a laptop URL must be overridden');
  t.ok(readFileSync(join(ROOT, 'deploy/services.json'), 'utf8').includes('identity'));
});
