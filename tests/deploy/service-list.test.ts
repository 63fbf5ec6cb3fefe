/**
 * deploy/services.json is the one list of services: every other place that names services is
 * either generated from it (tsconfig.build.json, compose, Kubernetes, Prometheus: deploy/generate.ts)
 * or checked against it here.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { catalogue } from '../../packages/contracts/src/index.js';
import { readServiceList } from '@joo/service-list';
import { DOMAIN_SERVICES } from '../../deploy/lib/observability.js';
import { rootOf } from './lib/kustomize.js';

const ROOT = rootOf(import.meta.url);
const names = readServiceList(ROOT).map((s) => s.name);

t.test('when services/ is listed, then each folder is a service of services.json and each service has its folder', async (t) => {
  const folders = readdirSync(join(ROOT, 'services')).filter((name) => existsSync(join(ROOT, 'services', name, 'package.json')));
  t.same([...folders].sort(), [...names].sort());
});

t.test('when the observability generator has a business row or alerts for a service, then that service is listed', async (t) => {
  for (const name of DOMAIN_SERVICES) t.ok(names.includes(name), `${name} (deploy/lib/observability.ts) is in services.json`);
});

t.test('when an event is published, then its source is a listed service', async (t) => {
  for (const def of catalogue.values()) t.ok(names.includes(def.source), `${def.type}: ${def.source} is in services.json`);
});
