import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { parse } from 'yaml';
import { envExampleKeys } from '@joo/testing';
import { readServices } from '../../deploy/lib/services.js';
import { rootOf } from './lib/kustomize.js';
import { schemaKeys } from './lib/schema.js';

const ROOT = rootOf(import.meta.url);
const services = readServices(ROOT);
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, any>; volumes: Record<string, unknown> };

t.test('when docker-compose.yml is parsed, then it runs the infrastructure and the observability stack', async (t) => {
  for (const name of ['postgres', 'nats', 'otel-collector', 'jaeger', 'prometheus', 'grafana']) t.ok(compose.services[name], name);
  t.match(compose.services.nats.command, ['--config', '/etc/nats/nats.conf']);
  t.match(readFileSync(join(ROOT, 'deploy/nats/nats.conf'), 'utf8'), /jetstream\s*\{[^}]*sync_interval: always/);
  t.match(compose.services.postgres.environment.JOO_DATABASES.split(' '), services.filter((s) => s.database).map((s) => s.database));
  t.ok(compose.services.grafana.volumes.includes('./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro'), 'dashboards provisioned');
  for (const service of Object.values(compose.services)) {
    for (const v of service.volumes ?? []) {
      const source = String(v).split(':')[0]!;
      if (source.startsWith('./')) t.ok(existsSync(join(ROOT, source)), `${source} exists`);
    }
  }
});

t.test('when docker-compose.yml is parsed, then every service of services.json runs after its migration, on its port', async (t) => {
  for (const s of services) {
    const service = compose.services[s.name];
    t.ok(service, `${s.name} is in docker-compose.yml`);
    t.same(service.command, ['serve']);
    t.equal(service.environment.SERVICE, s.name);
    t.equal(service.environment.PORT, String(s.port));
    t.equal(service.environment.HOST, '0.0.0.0');
    t.match(service.healthcheck.test.join(' '), `127.0.0.1:${s.port}/health/ready`);
    t.same(service.cap_drop, ['ALL']);
    t.equal(service.read_only, true);
    if (s.database) {
      const migrate = compose.services[`${s.name}-migrate`];
      t.same(migrate.command, ['migrate'], `${s.name}-migrate runs the migrations`);
      t.match(migrate.environment.DATABASE_URL, `@postgres:5432/${s.database}`);
      t.same(service.depends_on[`${s.name}-migrate`], { condition: 'service_completed_successfully' });
    }
  }
  t.same(compose.services.gateway.ports, ['8080:8080'], 'only the gateway is published');
  for (const s of services.filter((x) => x.name !== 'gateway')) {
    t.notOk(compose.services[s.name].ports, `${s.name} is not published`);
    t.match(compose.services.gateway.environment.UPSTREAMS, `${s.name}=http://${s.name}:${s.port}`);
  }
});

t.test('when docker-compose.yml is parsed, then each service gets every variable its config schema requires and no other', async (t) => {
  for (const s of services) {
    const keys = await schemaKeys(ROOT, s.name);
    const example = envExampleKeys(join(ROOT, 'services', s.name, '.env.example'));
    const given = Object.keys(compose.services[s.name].environment).filter((k) => k !== 'SERVICE');
    t.same(given.filter((k) => !keys.all.includes(k)), [], `${s.name}: nothing its schema does not read`);
    t.same(given.filter((k) => !example.includes(k)), [], `${s.name}: nothing its .env.example does not list`);
    t.same(keys.required.filter((k) => !given.includes(k)), [], `${s.name}: every required variable`);
    t.equal(keys.defaults.PORT, s.port, `${s.name}: services.json and the schema agree on the port`);
    for (const [k, v] of Object.entries(compose.services[s.name].environment as Record<string, string>)) {
      t.notMatch(v, /127\.0\.0\.1|\bloopback\b/, `${s.name} ${k} does not point at the container itself`);
    }
  }
});

t.test('when docker-compose.yml reads secrets from .env, then deploy/compose.env.example lists every one', async (t) => {
  const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
  const wanted = [...new Set([...text.matchAll(/\$\{(JOO_[A-Z0-9_]+):[?-]/g)].map((m) => m[1]!))];
  const listed = envExampleKeys(join(ROOT, 'deploy/compose.env.example'));
  t.ok(wanted.length >= 3);
  t.same(wanted.filter((k) => !listed.includes(k)), []);
  t.same(listed.filter((k) => !wanted.includes(k)), []);
});
